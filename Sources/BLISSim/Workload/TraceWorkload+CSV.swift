import Foundation

/// Reading a trace CSV. The file is read in 1 MiB chunks and parsed byte by byte (no per-line
/// strings), so millions of rows cost their 24 bytes each and little time; a line longer than
/// 1 MiB is an error, not a huge allocation or message.
extension TraceWorkload {
  /// Longest line accepted.
  static let maxLineBytes = 1 << 20

  /// Parses CSV text; errors name the line number and column.
  public init(csv: String) throws {
    var parser = TraceCSVParser()
    var bytes = Array(csv.utf8)
    bytes.append(0x0A)
    try bytes.withUnsafeBufferPointer { try parser.consume($0[...], final: true) }
    self = try parser.finish()
  }

  /// Reads and parses the CSV file at `url` in chunks.
  /// - Throws: `WorkloadError` naming the line (or saying the file cannot be read).
  public init(contentsOf url: URL) throws {
    guard let handle = FileHandle(forReadingAtPath: url.path) else {
      throw WorkloadError.malformed(field: "trace", detail: "cannot read \(url.path)")
    }
    defer { try? handle.close() }
    var parser = TraceCSVParser()
    var pending: [UInt8] = []
    while true {
      let chunk: Data
      do { chunk = try handle.read(upToCount: 1 << 20) ?? Data() } catch {
        throw WorkloadError.malformed(field: "trace", detail: "cannot read \(url.path)")
      }
      if chunk.isEmpty { break }
      pending.append(contentsOf: chunk)
      // Parse every complete line; keep the unfinished tail for the next chunk.
      guard let lastNewline = pending.lastIndex(of: 0x0A) else {
        if pending.count > Self.maxLineBytes { throw parser.lineTooLong() }
        continue
      }
      try pending.withUnsafeBufferPointer { try parser.consume($0[...lastNewline], final: false) }
      pending.removeSubrange(...lastNewline)
    }
    pending.append(0x0A)
    try pending.withUnsafeBufferPointer { try parser.consume($0[...], final: true) }
    self = try parser.finish()
  }
}

/// The line-by-line state of a trace parse.
private struct TraceCSVParser {
  private var arrivalMicros: [Int64] = []
  private var lengths: [Int32] = []
  private var lineNumber = 0
  private var sawFirstContent = false

  /// Parses the complete lines in `bytes` (each ending in "\n").
  mutating func consume(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, final: Bool) throws {
    var start = bytes.startIndex
    for i in bytes.indices where bytes[i] == 0x0A {
      lineNumber += 1
      if i - start > TraceWorkload.maxLineBytes { throw lineTooLong() }
      try line(bytes[start..<i])
      start = i + 1
    }
  }

  func lineTooLong() -> WorkloadError {
    .malformed(field: "trace line \(lineNumber + 1)", detail: "longer than \(TraceWorkload.maxLineBytes) bytes")
  }

  private mutating func line(_ raw: Slice<UnsafeBufferPointer<UInt8>>) throws {
    var line = raw
    if lineNumber == 1, line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }  // UTF-8 BOM
    line = trimmed(line)
    if line.isEmpty || line.first == UInt8(ascii: "#") { return }
    let fields = line.split(separator: UInt8(ascii: ","), omittingEmptySubsequences: false).map(trimmed)
    let place = "trace line \(lineNumber)"
    let isFirst = !sawFirstContent
    sawFirstContent = true
    if fields.count == 1, line.contains(UInt8(ascii: ";")) {
      throw WorkloadError.malformed(field: place, detail: "fields are separated by ';'; a trace is comma-separated: arrival_s,prompt_tokens,output_tokens[,prefix_group,prefix_tokens]")
    }
    if isFirst && arrivalMicros.isEmpty && Double(Self.text(fields[0])) == nil { return }  // header
    guard fields.count == 3 || fields.count == 5 else {
      throw WorkloadError.malformed(field: place, detail: "expected 3 or 5 comma-separated fields (arrival_s,prompt_tokens,output_tokens[,prefix_group,prefix_tokens]), got \(fields.count)")
    }
    let arrivalText = Self.text(fields[0])
    guard let arrival = Double(arrivalText), arrival.isFinite, arrival >= 0, arrival <= WorkloadLimits.maxSeconds else {
      throw WorkloadError.outOfRange(field: "\(place) arrival_s", value: Self.excerpt(fields[0]),
                                     allowed: "a number of seconds in [0, 1e10]")
    }
    func count(_ i: Int, _ name: String, min: Int) throws -> Int32 {
      guard let v = Self.integer(fields[i]), v >= min, v <= WorkloadLimits.maxTokens else {
        throw WorkloadError.outOfRange(field: "\(place) \(name)", value: Self.excerpt(fields[i]),
                                       allowed: "an integer in \(min)...\(WorkloadLimits.maxTokens)")
      }
      return Int32(v)
    }
    let prompt = try count(1, "prompt_tokens", min: 1)
    let output = try count(2, "output_tokens", min: 1)
    var group: Int32 = -1
    var prefix: Int32 = 0
    if fields.count == 5 {
      group = try count(3, "prefix_group", min: 0)
      prefix = try count(4, "prefix_tokens", min: 0)
      if prefix > prompt {
        throw WorkloadError.outOfRange(field: "\(place) prefix_tokens", value: Self.excerpt(fields[4]),
                                       allowed: "≤ prompt_tokens (\(prompt))")
      }
    }
    let micros = Int64((arrival * 1e6).rounded(.down))
    if let last = arrivalMicros.last, micros < last {
      throw WorkloadError.outOfRange(field: "\(place) arrival_s", value: arrivalText,
                                     allowed: "≥ the previous row's arrival (rows in arrival order)")
    }
    arrivalMicros.append(micros)
    lengths.append(prompt)
    lengths.append(output)
    lengths.append(group)
    lengths.append(prefix)
  }

  func finish() throws -> TraceWorkload {
    if arrivalMicros.isEmpty { throw WorkloadError.missing(field: "trace rows", hint: "the CSV has no data rows") }
    return TraceWorkload(arrivalMicros: arrivalMicros, lengths: lengths)
  }

  private func trimmed(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Slice<UnsafeBufferPointer<UInt8>> {
    let blank: (UInt8) -> Bool = { $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }
    guard let first = s.firstIndex(where: { !blank($0) }), let last = s.lastIndex(where: { !blank($0) }) else {
      return s[s.startIndex..<s.startIndex]
    }
    return s[first...last]
  }

  /// A decimal integer made only of ASCII digits (and an optional sign), without allocating.
  private static func integer(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Int? {
    var value = 0
    var digits = s[...]
    var negative = false
    if let sign = digits.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
      negative = sign == UInt8(ascii: "-")
      digits = digits.dropFirst()
    }
    guard !digits.isEmpty, digits.count <= 18 else { return nil }
    for byte in digits {
      guard byte >= 0x30, byte <= 0x39 else { return nil }
      value = value * 10 + Int(byte - 0x30)
    }
    return negative ? -value : value
  }

  private static func text(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> String {
    String(decoding: UnsafeBufferPointer(rebasing: s), as: UTF8.self)
  }

  /// The value for an error message, cut to 40 characters ("…" marks the cut).
  static func excerpt(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> String {
    ErrorText.excerpt(text(s.prefix(4 * ErrorText.excerptCharacters)))
  }
}

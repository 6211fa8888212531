// Checks README.md as a verified document: every command block marked `<!-- check -->` is run
// and its output compared with the README's text; `--update` rewrites those blocks' outputs.
//
//   swift scripts/check-readme.swift [--update] [--readme README.md] [path/to/blis]
//
// The marks (documented in the README under "Checked examples"):
//   <!-- check -->            on the line before a ``` fence: run the block. Lines starting with
//                             `$ ` are commands (continued while a line ends with `\`); the lines
//                             after a command, up to the next `$ ` line or the fence, are its
//                             expected output (stdout and stderr together).
//   ~ before a value          (`~0.15`, `~42`, `~▂▃▄`) a machine-dependent value (wall time,
//                             memory, a wall-clock-sampled sparkline): any single value matches
//                             there, and spacing on that line is not compared.
//   <!-- check-setup          shell lines up to `-->`, run silently before the next blocks
//   ... -->                   (e.g. to create an input file a block shows with `cat`).
//
// Commands run with bash in a scratch copy of the data files (every root file — defaults.yaml,
// hardware_config.json, serving_profiles.yaml, … —, model_configs/, examples/, the test fixtures),
// with `blis` on PATH being the binary under test, no network
// (HF_ENDPOINT points at a closed port) and COLUMNS=100. Exit code: 0 all blocks match, 1 some
// differ (a diff per block is printed), 2 usage or setup error.
import Foundation

struct Command {
  var text: String
  var expected: [String]
  /// 0-based README line of each expected line (for `--update`).
  var expectedLines: Range<Int>
}

struct Block {
  /// 0-based README line of the opening fence.
  var fenceLine: Int
  var commands: [Command]
}

enum Step {
  case setup(String)
  case block(Block)
}

func fail(_ message: String) -> Never {
  FileHandle.standardError.write(Data("check-readme: \(message)\n".utf8))
  exit(2)
}

setvbuf(stdout, nil, _IOLBF, 0)  // progress lines interleave with diff's output in order

// MARK: Arguments

var update = false
var readmePath = "README.md"
var binary = ".build/debug/blis"
var arguments = Array(CommandLine.arguments.dropFirst())
while let argument = arguments.first {
  arguments.removeFirst()
  switch argument {
  case "--update": update = true
  case "--readme":
    guard let path = arguments.first else { fail("--readme needs a path") }
    readmePath = path
    arguments.removeFirst()
  case "-h", "--help":
    print("usage: swift scripts/check-readme.swift [--update] [--readme README.md] [path/to/blis]")
    exit(0)
  default: binary = argument
  }
}

let fileManager = FileManager.default
let root = URL(fileURLWithPath: fileManager.currentDirectoryPath)
let binaryURL = URL(fileURLWithPath: binary, relativeTo: root).standardizedFileURL
guard fileManager.isExecutableFile(atPath: binaryURL.path) else { fail("\(binaryURL.path) is not an executable (build it first)") }
guard let readmeText = try? String(contentsOfFile: readmePath, encoding: .utf8) else { fail("cannot read \(readmePath)") }
var lines = readmeText.components(separatedBy: "\n")

// MARK: Parsing

func parse(_ lines: [String]) -> [Step] {
  var steps: [Step] = []
  var i = 0
  while i < lines.count {
    let line = lines[i].trimmingCharacters(in: .whitespaces)
    if line == "<!-- check-setup" {
      var script: [String] = []
      i += 1
      while i < lines.count, lines[i].trimmingCharacters(in: .whitespaces) != "-->" {
        script.append(lines[i])
        i += 1
      }
      steps.append(.setup(script.joined(separator: "\n")))
    } else if line == "<!-- check -->" {
      guard i + 1 < lines.count, lines[i + 1].hasPrefix("```") else {
        fail("\(readmePath):\(i + 1): <!-- check --> must be followed by a ``` fence")
      }
      let fence = i + 1
      var body: [(Int, String)] = []
      i = fence + 1
      while i < lines.count, !lines[i].hasPrefix("```") {
        body.append((i, lines[i]))
        i += 1
      }
      guard i < lines.count else { fail("\(readmePath):\(fence + 1): the checked block is not closed") }
      steps.append(.block(Block(fenceLine: fence, commands: commands(in: body, fence: fence))))
    }
    i += 1
  }
  return steps
}

func commands(in body: [(Int, String)], fence: Int) -> [Command] {
  var result: [Command] = []
  var k = 0
  guard body.first?.1.hasPrefix("$ ") == true else {
    fail("\(readmePath):\(fence + 2): a checked block must start with a `$ ` command line")
  }
  while k < body.count {
    var text = String(body[k].1.dropFirst(2))
    while text.hasSuffix("\\"), k + 1 < body.count {
      k += 1
      text += "\n" + body[k].1
    }
    k += 1
    let start = k
    while k < body.count, !body[k].1.hasPrefix("$ ") { k += 1 }
    let expected = body[start..<k].map(\.1)
    let firstLine = start < body.count ? body[start].0 : (body.last.map { $0.0 + 1 } ?? fence + 1)
    result.append(Command(text: text, expected: expected, expectedLines: firstLine..<(firstLine + expected.count)))
  }
  return result
}

// MARK: Running

func makeScratch() -> URL {
  let scratch = fileManager.temporaryDirectory.appendingPathComponent("blis-readme-\(UUID().uuidString)")
  // Every file at the repository root (the data files: defaults.yaml, hardware_config.json,
  // serving_profiles.yaml, …) and the folders README commands read.
  let rootFiles = ((try? fileManager.contentsOfDirectory(atPath: root.path)) ?? []).filter { name in
    var isDirectory: ObjCBool = false
    return !name.hasPrefix(".") && fileManager.fileExists(atPath: root.appendingPathComponent(name).path, isDirectory: &isDirectory)
      && !isDirectory.boolValue
  }
  let folders = ["model_configs", "examples", "Tests/BLISSimTests/Fixtures"].filter {
    fileManager.fileExists(atPath: root.appendingPathComponent($0).path)
  }
  do {
    try fileManager.createDirectory(at: scratch.appendingPathComponent("bin"), withIntermediateDirectories: true)
    for item in rootFiles.sorted() + folders {
      let target = scratch.appendingPathComponent(item)
      try fileManager.createDirectory(at: target.deletingLastPathComponent(), withIntermediateDirectories: true)
      try fileManager.copyItem(at: root.appendingPathComponent(item), to: target)
    }
    try fileManager.createSymbolicLink(at: scratch.appendingPathComponent("bin/blis"), withDestinationURL: binaryURL)
  } catch { fail("cannot prepare the scratch folder \(scratch.path): \(error)") }
  return scratch
}

/// Runs `script` with bash in `folder`; stdout and stderr together, trailing spaces and blank lines dropped.
func run(_ script: String, in folder: URL) -> [String] {
  let process = Process()
  process.executableURL = URL(fileURLWithPath: "/bin/bash")
  process.arguments = ["-c", script]
  process.currentDirectoryURL = folder
  var environment = ProcessInfo.processInfo.environment
  environment["PATH"] = folder.appendingPathComponent("bin").path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
  environment["HF_ENDPOINT"] = "http://127.0.0.1:9"
  environment["COLUMNS"] = "100"
  environment["LANG"] = "C.UTF-8"
  environment["BLIS_DATA_DIR"] = nil
  environment["NO_COLOR"] = nil
  process.environment = environment
  let pipe = Pipe()
  process.standardOutput = pipe
  process.standardError = pipe
  process.standardInput = FileHandle.nullDevice
  do { try process.run() } catch { fail("cannot run bash: \(error)") }
  let data = pipe.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  var output = String(decoding: data, as: UTF8.self).components(separatedBy: "\n").map { line in
    String(line.reversed().drop { $0 == " " }.reversed())
  }
  while output.last == "" { output.removeLast() }
  return output
}

// MARK: Comparing

/// `~12.5`, `~▂▃▄` → true: a machine-dependent value in the README, matching any one value.
func isTimingToken(_ token: Substring) -> Bool {
  token.count > 1 && token.first == "~"
}

func matches(expected: String, actual: String) -> Bool {
  let tokens = expected.split(separator: " ", omittingEmptySubsequences: true)
  guard tokens.contains(where: isTimingToken) else { return expected == actual }
  let got = actual.split(separator: " ", omittingEmptySubsequences: true)
  guard got.count == tokens.count else { return false }
  return zip(tokens, got).allSatisfy { e, a in isTimingToken(e) || e == a }
}

/// The actual line written back for `--update`: the `~` marks kept on the same tokens, each
/// taking a space from the gap after its token when there is one to spare (columns stay aligned).
func updated(expected: String, actual: String) -> String {
  let tokens = expected.split(separator: " ", omittingEmptySubsequences: true)
  guard tokens.contains(where: isTimingToken) else { return actual }
  guard actual.split(separator: " ", omittingEmptySubsequences: true).count == tokens.count else { return actual }
  var result = ""
  var index = 0
  var pendingSpaceCredit = false
  var characters = Substring(actual)
  while !characters.isEmpty {
    let spaces = characters.prefix { $0 == " " }
    characters = characters.dropFirst(spaces.count)
    var gap = String(spaces)
    if pendingSpaceCredit, gap.count > 1 { gap.removeLast() }
    pendingSpaceCredit = false
    result += gap
    let token = characters.prefix { $0 != " " }
    characters = characters.dropFirst(token.count)
    guard !token.isEmpty else { break }
    if isTimingToken(tokens[index]) {
      result += "~"
      pendingSpaceCredit = true
    }
    result += token
    index += 1
  }
  return result
}

func showDiff(expected: [String], actual: [String]) {
  let folder = fileManager.temporaryDirectory
  let a = folder.appendingPathComponent("readme-expected-\(UUID().uuidString)")
  let b = folder.appendingPathComponent("readme-actual-\(UUID().uuidString)")
  defer { try? fileManager.removeItem(at: a); try? fileManager.removeItem(at: b) }
  try? (expected.joined(separator: "\n") + "\n").write(to: a, atomically: true, encoding: .utf8)
  try? (actual.joined(separator: "\n") + "\n").write(to: b, atomically: true, encoding: .utf8)
  let diff = Process()
  diff.executableURL = URL(fileURLWithPath: "/usr/bin/env")
  diff.arguments = ["diff", "-u", "--label", "README", "--label", "actual", a.path, b.path]
  try? diff.run()
  diff.waitUntilExit()
}

// MARK: Main

let scratch = makeScratch()
defer { try? fileManager.removeItem(at: scratch) }
var failures = 0
var checked = 0
var replacements: [(Range<Int>, [String])] = []
for step in parse(lines) {
  switch step {
  case .setup(let script):
    _ = run(script, in: scratch)
  case .block(let block):
    for command in block.commands {
      checked += 1
      let started = Date()
      let actual = run(command.text, in: scratch)
      let seconds = Date().timeIntervalSince(started)
      var expected = command.expected
      while expected.last?.trimmingCharacters(in: .whitespaces) == "" { expected.removeLast() }
      let same = expected.count == actual.count && zip(expected, actual).allSatisfy { matches(expected: $0, actual: $1) }
      let label = "\(readmePath):\(block.fenceLine + 1): $ \(command.text.split(separator: "\n").first ?? "")"
      if same {
        print("ok    \(label) (\(String(format: "%.1f", seconds)) s)")
      } else if update {
        print("fixed \(label)")
        var rewritten = actual.enumerated().map { i, line in i < expected.count ? updated(expected: expected[i], actual: line) : line }
        if rewritten.isEmpty { rewritten = [] }
        replacements.append((command.expectedLines.lowerBound..<(command.expectedLines.lowerBound + expected.count), rewritten))
      } else {
        failures += 1
        print("FAIL  \(label)")
        showDiff(expected: expected, actual: actual)
      }
    }
  }
}
if update, !replacements.isEmpty {
  for (range, text) in replacements.sorted(by: { $0.0.lowerBound > $1.0.lowerBound }) {
    lines.replaceSubrange(range, with: text)
  }
  do { try lines.joined(separator: "\n").write(toFile: readmePath, atomically: true, encoding: .utf8) } catch {
    fail("cannot write \(readmePath): \(error)")
  }
  print("check-readme: rewrote \(replacements.count) command output(s) in \(readmePath)")
}
print("check-readme: \(checked) command(s) checked, \(failures) differ")
exit(failures == 0 ? 0 : 1)

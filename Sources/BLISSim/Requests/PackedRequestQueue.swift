import DequeModule

/// A FIFO of never-run requests that costs a few bytes per request instead of 48: the head is kept
/// decoded (peeking is free), every later request is byte-encoded relative to the one before it
/// (`PackedRequestCoding`) in 4 KiB chunks. A chunk is freed as soon as the head leaves it, so the
/// memory follows the number queued, plus at most two partly used chunks (and one spare).
///
/// A queue of one request (a deployment that keeps up) encodes nothing. Any field values
/// round-trip exactly.
struct PackedRequestQueue: Sendable {
  static let chunkBytes = 4096

  /// Requests queued, the head included.
  private(set) var count = 0
  /// The head, decoded (meaningful when `count > 0`), and its seed key (nil: not computed yet, the
  /// head was appended to an empty queue).
  private var head = QueuedRequest.zero
  private var headKey: UInt64?
  /// The last request appended and its seed key (nil: not computed yet): what the next one is
  /// encoded against.
  private var tail = QueuedRequest.zero
  private var tailKey: UInt64?
  /// The entries after the head; the first chunk is read from `readOffset`, the last written up to
  /// `writeOffset`.
  private var chunks = Deque<[UInt8]>()
  private var readOffset = 0
  private var writeOffset = 0
  /// A freed chunk kept for the next one needed (no allocation churn at the chunk boundary).
  private var spare: [UInt8]?

  var isEmpty: Bool { count == 0 }
  /// Bytes held by the encoded entries' chunks (the spare included).
  var chunkStorageBytes: Int { (chunks.count + (spare == nil ? 0 : 1)) * Self.chunkBytes }
  var first: QueuedRequest? { count > 0 ? head : nil }

  mutating func append(_ q: QueuedRequest) {
    if count == 0 {
      // Nothing to encode (the common case of a deployment that keeps up): no key either.
      head = q
      headKey = nil
      tail = q
      tailKey = nil
      count = 1
      return
    }
    let key = PackedRequestCoding.seedKey(of: q)
    if chunks.isEmpty || Self.chunkBytes - writeOffset < PackedRequestCoding.maxEntryBytes {
      if !chunks.isEmpty && writeOffset < Self.chunkBytes { chunks[chunks.count - 1][writeOffset] = PackedRequestCoding.chunkEnd }
      chunks.append(spare ?? [UInt8](repeating: 0, count: Self.chunkBytes))
      spare = nil
      writeOffset = 0
    }
    let (previous, previousKey) = (tail, tailKey ?? PackedRequestCoding.seedKey(of: tail))
    var offset = writeOffset
    chunks[chunks.count - 1].withUnsafeMutableBufferPointer { bytes in
      PackedRequestCoding.encode(q, key: key, after: previous, prevKey: previousKey, into: bytes, at: &offset)
    }
    writeOffset = offset
    tail = q
    tailKey = key
    count += 1
  }

  /// Removes the head (the queue is not empty).
  mutating func removeFirst() {
    precondition(count > 0, "removeFirst on an empty queue")
    count -= 1
    if count == 0 {
      // Nothing encoded is left: write the next entries from the start of the chunk in hand.
      readOffset = 0
      writeOffset = 0
      while chunks.count > 1 { spare = chunks.removeFirst() }
      return
    }
    if readOffset == Self.chunkBytes || chunks[0][readOffset] == PackedRequestCoding.chunkEnd {
      spare = chunks.removeFirst()
      readOffset = 0
    }
    let (previous, previousKey) = (head, headKey ?? PackedRequestCoding.seedKey(of: head))
    var offset = readOffset
    (head, headKey) = chunks[0].withUnsafeBufferPointer { bytes in
      PackedRequestCoding.decode(from: bytes, at: &offset, after: previous, prevKey: previousKey)
    }
    readOffset = offset
  }
}

extension PackedRequestQueue: Sequence {
  struct Iterator: IteratorProtocol {
    private let queue: PackedRequestQueue
    private var remaining: Int
    private var current: QueuedRequest
    private var currentKey: UInt64
    private var chunk = 0
    private var offset: Int
    private var atHead = true

    init(_ queue: PackedRequestQueue) {
      self.queue = queue
      remaining = queue.count
      current = queue.head
      currentKey = queue.headKey ?? PackedRequestCoding.seedKey(of: queue.head)
      offset = queue.readOffset
    }

    mutating func next() -> QueuedRequest? {
      guard remaining > 0 else { return nil }
      remaining -= 1
      if atHead {
        atHead = false
        return current
      }
      if offset == PackedRequestQueue.chunkBytes || queue.chunks[chunk][offset] == PackedRequestCoding.chunkEnd {
        chunk += 1
        offset = 0
      }
      let (previous, previousKey) = (current, currentKey)
      (current, currentKey) = queue.chunks[chunk].withUnsafeBufferPointer { bytes in
        PackedRequestCoding.decode(from: bytes, at: &offset, after: previous, prevKey: previousKey)
      }
      return current
    }
  }

  func makeIterator() -> Iterator { Iterator(self) }
  var underestimatedCount: Int { count }
}

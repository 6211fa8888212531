/// The decode cohort's finish entries, by the tick of each member's last token: a calendar queue.
///
/// Every tick the cohort advances by one and takes the entries due then, so an entry due within
/// `horizonTicks` ticks sits in the bucket of its tick (a FIFO list of pooled nodes): insertion and
/// removal are O(1), with none of a heap's unpredictable comparisons. Entries due later wait in a
/// heap and move into their bucket once the calendar reaches them (in tick, then admission order).
/// Members join in admission order, so a bucket is in admission order unless entries from the
/// heap moved in after later members; `takeDue` sorts what it returns when it is not in order,
/// so the order never depends on that argument.
struct FinishCalendar: Sendable {
  /// Ticks covered by the buckets (a power of two).
  static let horizonTicks = 1 << 10

  private struct Node: Sendable {
    var admission: Int
    var slot: Int32
    var next: Int32
  }

  private var heads: [Int32]
  private var tails: [Int32]
  private var nodes: [Node] = []
  /// Head of the free-node list (linked through `next`).
  private var freeNodes: Int32 = -1
  private var later = MinHeap<DecodeCohort.Finish>()

  init() {
    heads = Array(repeating: -1, count: Self.horizonTicks)
    tails = Array(repeating: -1, count: Self.horizonTicks)
  }

  /// Adds the entry of a member whose last token comes at tick `entry.tick` (> `now`).
  mutating func insert(_ entry: DecodeCohort.Finish, now: Int64) {
    if entry.tick - now < Int64(Self.horizonTicks) {
      append(entry)
    } else {
      later.insert(entry)
    }
  }

  /// Removes the entries due at `tick` into `out` (cleared first), in admission order. Called once
  /// for every tick, in order.
  @inline(__always)
  mutating func takeDue(tick: Int64, into out: inout ScratchList<DecodeCohort.Finish>) {
    out.clear()
    // Most ticks nobody finishes: a bucket read and an emptiness test.
    guard heads[Int(tick & Int64(Self.horizonTicks - 1))] >= 0 || !later.isEmpty else { return }
    takeDueEntries(tick: tick, into: &out)
  }

  private mutating func takeDueEntries(tick: Int64, into out: inout ScratchList<DecodeCohort.Finish>) {
    while let next = later.min, next.tick - tick < Int64(Self.horizonTicks) {
      later.removeMin()
      append(next)
    }
    let b = Int(tick & Int64(Self.horizonTicks - 1))
    var n = heads[b]
    guard n >= 0 else { return }
    heads[b] = -1
    tails[b] = -1
    var inOrder = true
    var lastAdmission = Int.min
    while n >= 0 {
      let node = nodes[Int(n)]
      out.append(DecodeCohort.Finish(tick: tick, admission: node.admission, slot: node.slot))
      inOrder = inOrder && node.admission > lastAdmission
      lastAdmission = node.admission
      nodes[Int(n)].next = freeNodes
      freeNodes = n
      n = node.next
    }
    // Only entries that waited in `later` can be out of admission order.
    if !inOrder { out.sort() }
  }

  /// Forgets every entry.
  mutating func removeAll() {
    for i in heads.indices { heads[i] = -1; tails[i] = -1 }
    nodes.clear()
    freeNodes = -1
    later.removeAll()
  }

  private mutating func append(_ entry: DecodeCohort.Finish) {
    let node = Node(admission: entry.admission, slot: entry.slot, next: -1)
    let n: Int32
    if freeNodes >= 0 {
      n = freeNodes
      freeNodes = nodes[Int(n)].next
      nodes[Int(n)] = node
    } else {
      n = Int32(nodes.count)
      nodes.append(node)
    }
    let b = Int(entry.tick & Int64(Self.horizonTicks - 1))
    if tails[b] >= 0 { nodes[Int(tails[b])].next = n } else { heads[b] = n }
    tails[b] = n
  }
}

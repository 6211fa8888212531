/// The steady decoders at the front of an instance's running batch, advanced as one: what makes a
/// decode step cost O(1) instead of O(batch).
///
/// In vLLM's order (admission order), the running batch starts with requests that only decode: each
/// gets exactly one token per step. Their per-request counters are then arithmetic on a shared
/// *tick* (one per step in which the cohort advances): a member that joined at tick j with c
/// computed tokens has c + (t − j) at tick t. What a step needs from them is aggregate and kept
/// incrementally — the member count and Σ context for the step's `BatchShape`, how many open a new
/// KV block this tick (members are counted by the tick residue at which they cross a block
/// boundary), who finishes this tick (`FinishCalendar`, keyed by the tick of their last token), and the
/// common ITL gap all of them see. Members leave only by finishing, or all at once when a step
/// needs vLLM's request-by-request rules (a preemption, a token budget smaller than the cohort):
/// `Instance.dissolveCohort()` writes their counters back and the step runs as before.
struct DecodeCohort: Sendable {
  struct Finish: Comparable, Sendable {
    /// The tick after which the member has emitted its last token.
    var tick: Int64
    /// Admission order: finishers of one tick leave in batch order.
    var admission: Int
    var slot: Int32
    static func < (a: Finish, b: Finish) -> Bool { (a.tick, a.admission) < (b.tick, b.admission) }
  }

  let blockSize: BlockSize
  private(set) var tick: Int64 = 0
  /// Members, and Σ of their computed tokens at the current tick.
  var count = 0
  var contextSum = 0
  /// The admission-ordered member list (links live in each member's `CohortMembership`).
  var head: Int32 = -1
  var tail: Int32 = -1
  /// Members by the tick residue (mod block size) at which they open a new KV block.
  private var crossingsByResidue: [Int]
  var finishes = FinishCalendar()
  /// Members (and this step's finishers) whose latest chunk arrived after the common delivery, and
  /// that have advanced with the cohort since they joined.
  var lagging = ScratchList<Int32>()
  /// Members that joined since the latest tick: their latest chunk is individual too, but they are
  /// not in the next common delivery (it carries the tokens of the step before they joined). The
  /// next tick moves them to `lagging`, so a delivery never has to skip them.
  var joined = ScratchList<Int32>()
  /// Delivery time of the latest output that carried the cohort's tokens.
  var lastDelivery: SimTime = .zero
  /// Members that advanced in the step whose output is still pending, and those among them that
  /// finished (admission order).
  var advancedInPendingStep = 0
  var finishers = ScratchList<Int32>()
  /// The finish entries taken this tick (reused).
  var due = ScratchList<Finish>()

  init(blockSizeTokens: Int) {
    blockSize = BlockSize(tokens: blockSizeTokens)
    crossingsByResidue = Array(repeating: 0, count: blockSizeTokens)
  }

  var isEmpty: Bool {
    @inline(__always) get { count == 0 }
  }

  /// Members that open a new block in the next tick (their next token's position is a multiple
  /// of the block size).
  var crossingsNextTick: Int {
    // Inlined: called on a stored cohort, a getter call would copy the whole value first.
    @inline(__always) get { crossingsByResidue[blockSize.residue(tick)] }
  }

  /// The residue class of a member that joins now with `computed` tokens.
  @inline(__always)
  func residue(computed: Int32) -> Int {
    blockSize.residue(tick - Int64(computed))
  }

  @inline(__always)
  mutating func countCrossing(residue: Int, _ delta: Int) { crossingsByResidue[residue] += delta }

  /// One step: every member computed one more token (the members that joined since the previous
  /// tick now share the cohort's deliveries, still lagging).
  @inline(__always)
  mutating func advance() {
    tick += 1
    contextSum += count
    if !joined.isEmpty {
      for k in joined.indices { lagging.append(joined[k]) }
      joined.clear()
    }
  }

  /// Forgets every member (after `Instance.dissolveCohort` wrote their state back).
  mutating func clear() {
    count = 0; contextSum = 0; head = -1; tail = -1
    for i in crossingsByResidue.indices { crossingsByResidue[i] = 0 }
    finishes.removeAll()
    lagging.clear()
    joined.clear()
  }
}

/// Where a started request is inside an instance.
enum RequestPhase: UInt8, Sendable {
  /// Routed, in the front end (API server, tokenizer) before entering the wait queue.
  case arriving
  /// Never ran, in the wait queue with its slot (behind a long queue it waits byte-encoded
  /// instead, without a slot: see `WaitQueue`).
  case queued
  /// Preempted, back in the wait queue.
  case waiting
  case running
  /// Generated its last token; its KV is released and it waits for that token's delivery.
  case finishing
  /// Slot is free for reuse.
  case free
}

/// An instance's record of one request in its front end, wait queue or running batch (a slot in
/// `Instance.slots`). Requests queued behind a long wait queue are `QueuedRequest`s instead.
///
/// Token accounting (`RequestProgress`): `computedTokens` tokens have their KV in the cache. Prefill raises it to
/// `prefillEndTokens` and emits the next output token; each decode step then computes the KV of the
/// last emitted token and emits the next, so after k decode steps `computedTokens = prompt + k`
/// and `emittedTokens = k + 1`. The request completes when `emittedTokens == outputTokens`.
/// A member of the decode cohort (`DecodeCohort`) keeps these numbers implicit: they advance by one
/// per cohort tick from the values it joined with, and are written back when it leaves.
///
/// Preemption (recompute mode) keeps the tokens already emitted, like vLLM: the request's KV is
/// dropped and, when it runs again, it prefills its prompt *and* its emitted tokens
/// (`prefillEndTokens = prompt + emitted`), then resumes decoding. Its first token time is kept
/// (the user already has it); the gap the preemption caused shows in its next ITL sample.
/// (The reference restarts generation from scratch and re-stamps TTFT.)
///
/// KV blocks: the first `identifiedBlocks.count` positions hold identified blocks (shared-prefix
/// prompt blocks and prefix-cache hits, which lookups can find), the next `anonymousBlocks` are
/// only counted (see `KVCache`).
struct RequestState: Sendable {
  var phase: RequestPhase = .free
  var id: Int = 0
  var arrival: SimTime = .zero
  var prefixGroup: Int32 = -1
  var prefixTokens: Int32 = 0
  var promptSeed: UInt64 = 0
  /// Prompt blocks whose hash has been computed (the chain continues from `chainHash`).
  var hashedBlocks: Int32 = 0
  /// Prompt tokens found in the prefix cache at the latest admission.
  var cachedPromptTokens: Int32 = 0
  var chainHash: UInt64 = PromptBlockHashes.root
  var preemptions: Int32 = 0
  /// Prompt length (tokens).
  var promptTokens: Int32 = 0
  /// When it entered the wait queue (read while it is `queued`: an async engine loop cannot
  /// schedule it in a batch formed earlier).
  var enqueuedAt: SimTime = .zero
  /// Step start at which the request was (last) admitted into the running batch.
  var scheduledAt: SimTime = .zero
  /// Position in the running batch's order: increases with every admission.
  var admission: Int = 0
  /// Identified KV block ids in position order. Capacity is kept when the slot is reused.
  var identifiedBlocks: [Int32] = []
  var anonymousBlocks: Int32 = 0
  /// Decode-cohort membership (valid while the request is a member).
  var cohort = CohortMembership()

  var blockCount: Int { identifiedBlocks.count + Int(anonymousBlocks) }
}

/// The per-step hot state of a request (same slot index as its `RequestState`).
struct RequestProgress: Sendable {
  var computedTokens: Int32 = 0
  /// Tokens to have computed before the next token is emitted by a prefill: the prompt, or after
  /// a preemption the prompt plus the tokens already emitted.
  var prefillEndTokens: Int32 = 0
  var emittedTokens: Int32 = 0
  var outputTokens: Int32 = 0
  /// Client-side delivery times of the first and the latest chunk.
  var lastEmit: SimTime = .zero
  var firstEmit: SimTime = .zero
  /// Stream chunks delivered so far (one per step that produced tokens; multi-step chunks hold several).
  var deliveredChunks: Int32 = 0
}

/// A decode-cohort member's starting point: its counters advance by one per cohort tick after
/// `joinTick`, and its place in the cohort's admission-ordered list.
struct CohortMembership: Sendable {
  var joinTick: Int64 = 0
  var computedAtJoin: Int32 = 0
  var emittedAtJoin: Int32 = 0
  var chunksAtJoin: Int32 = 0
  var previous: Int32 = -1
  var next: Int32 = -1
  /// Its latest chunk reached the client after the cohort's common delivery (a first chunk's
  /// extra latency): its gaps are counted one by one until it catches up.
  var lagging = false
  /// It is a member now (a finish entry of a former membership is stale when this is false or the
  /// admission differs).
  var isMember = false
}

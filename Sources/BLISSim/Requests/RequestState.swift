/// Where a request is inside an instance.
enum RequestPhase: UInt8, Sendable {
  /// Routed, in the front end (API server, tokenizer) before entering the wait queue.
  case arriving
  case waiting
  case running
  /// Generated its last token; its KV is released and it waits for that token's delivery.
  case finishing
  /// Slot is free for reuse.
  case free
}

/// An instance's record of one request it owns (a slot in `Instance.slots`).
///
/// Token accounting (`RequestProgress`): `computedTokens` tokens have their KV in the cache. Prefill raises it to
/// `prefillEndTokens` and emits the next output token; each decode step then computes the KV of the
/// last emitted token and emits the next, so after k decode steps `computedTokens = prompt + k`
/// and `emittedTokens = k + 1`. The request completes when `emittedTokens == outputTokens`.
///
/// Preemption (recompute mode) keeps the tokens already emitted, like vLLM: the request's KV is
/// dropped and, when it runs again, it prefills its prompt *and* its emitted tokens
/// (`prefillEndTokens = prompt + emitted`), then resumes decoding. Its first token time is kept
/// (the user already has it); the gap the preemption caused shows in its next ITL sample.
/// (The reference restarts generation from scratch and re-stamps TTFT.)
///
/// The fields touched every step live in `RequestProgress`, a separate array (struct of arrays:
/// the step loops stream through 32-byte records instead of whole request states).
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
  /// Step start at which the request was (last) admitted into the running batch.
  var scheduledAt: SimTime = .zero
  /// When it (last) entered the wait queue (the async engine loop cannot schedule it in the step
  /// whose batch was formed before that).
  var enqueuedAt: SimTime = .zero
  /// KV block ids in position order. Capacity is kept when the slot is reused.
  var blocks: [Int32] = []
}

/// The per-step hot state of a request (same slot index as its `RequestState`), 32 bytes.
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

/// The front end of an instance: the API server's ingress (a FIFO single server shared with the
/// output path) and the tokenizer's micro-batches, between routing and the wait queue.
///
/// Events drive it in time order, so FIFO order on the API-server loop is exact: `accept` runs when
/// the request reaches the instance, `deliverOutput` when a step ends.
extension Instance {
  /// Runs the API server's ingress for a request reaching the instance at `now`; returns when it is
  /// done (plus the front end's fixed delay). The caller hands that time to `tokenize`.
  mutating func ingress(promptTokens: Int, at now: SimTime) -> SimTime {
    let f = serving.frontEnd
    let service = f.apiIngressMicros + f.apiPerPromptTokenMicros * Double(promptTokens)
    let done = max(now, apiServerFreeAt) + SimDuration(truncatingMicroseconds: service)
    apiServerFreeAt = done
    return done + SimDuration(truncatingMicroseconds: f.fixedDelayMicros + f.fixedDelayPerPromptTokenMicros * Double(promptTokens))
  }

  /// Hands a request that left the ingress at `ready` to the tokenizer. Returns the request's own
  /// enqueue time when it is tokenised alone and, for a newly opened batch, when its window expires
  /// and its generation (the caller schedules a flush then). The members of micro-batches that
  /// closes are left in `tokenizerReleases` (slot, enqueue time) for the caller to enqueue.
  mutating func tokenize(slot s: Int32, ready: SimTime) -> (alone: SimTime?, flush: (at: SimTime, generation: Int)?) {
    tokenizerReleases.slots.clear()
    let f = serving.frontEnd
    let prompt = Int(slots[Int(s)].promptTokens)
    guard f.tokenizerWindowMicros > 0 else {
      return (ready + SimDuration(truncatingMicroseconds: f.tokenizePerPromptTokenMicros * Double(prompt)), nil)
    }
    let window = tokenizerWindow
    if !tokenizerBatch.members.isEmpty && ready > tokenizerBatch.openedAt + window {
      // The open batch's window ended before this request was ready: it closed at its deadline.
      closeTokenizerBatch(at: tokenizerBatch.openedAt + window)
    }
    var flush: (at: SimTime, generation: Int)?
    if tokenizerBatch.members.isEmpty {
      tokenizerBatch.openedAt = ready
      tokenizerBatch.generation &+= 1
      flush = (ready + window, tokenizerBatch.generation)
    }
    tokenizerBatch.members.append(s)
    tokenizerBatch.longestPrompt = max(tokenizerBatch.longestPrompt, prompt)
    if tokenizerBatch.members.count >= f.tokenizerMaxBatch {
      closeTokenizerBatch(at: ready)
    }
    return (nil, flush)
  }

  /// The flush event of batch `generation`: closes it at its deadline if it is still open (its
  /// members are left in `tokenizerReleases`).
  mutating func flushTokenizer(generation: Int32) {
    tokenizerReleases.slots.clear()
    guard Int32(truncatingIfNeeded: tokenizerBatch.generation) == generation, !tokenizerBatch.members.isEmpty else {
      return
    }
    closeTokenizerBatch(at: tokenizerBatch.openedAt + tokenizerWindow)
  }

  /// Closes the open batch at `time`: the batch is encoded (in parallel, so in the longest prompt's
  /// time) and every member enters the wait queue together. At most one batch closes per
  /// `tokenize` / `flushTokenizer` call (a batch that reaches `tokenizerMaxBatch` closes at once, so
  /// an expired one is never full), so the batch's member list simply becomes the release list:
  /// swapped, not copied, and the empty release list is the next batch's member list.
  private mutating func closeTokenizerBatch(at time: SimTime) {
    let encode = SimDuration(truncatingMicroseconds: serving.frontEnd.tokenizePerPromptTokenMicros
                             * Double(tokenizerBatch.longestPrompt))
    assert(tokenizerReleases.slots.isEmpty, "a second tokenizer batch closed in one call")
    swap(&tokenizerBatch.members, &tokenizerReleases.slots)
    tokenizerReleases.at = time + encode
    tokenizerBatch.longestPrompt = 0
    tokenizerBatch.generation &+= 1
  }
}

/// A request leaving the tokenizer: it enters the wait queue at `at`.
struct TokenizerRelease: Sendable {
  var slot: Int32
  var at: SimTime
}

/// The members of a closed tokenizer batch, who all enter the wait queue at `at`.
struct TokenizerReleases: RandomAccessCollection, Sendable {
  var slots: [Int32] = []
  var at: SimTime = .zero

  var startIndex: Int { 0 }
  var endIndex: Int { slots.count }
  subscript(k: Int) -> TokenizerRelease { TokenizerRelease(slot: slots[k], at: at) }
}

/// The tokenizer's open micro-batch (vLLM's `AsyncMicrobatchTokenizer`).
struct TokenizerBatch: Sendable {
  var members: [Int32] = []
  var openedAt: SimTime = .zero
  var longestPrompt = 0
  /// Bumped whenever a batch opens or closes, so a stale flush event is recognised.
  var generation = 0
}

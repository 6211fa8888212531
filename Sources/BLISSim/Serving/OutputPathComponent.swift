/// The way out: the tokens of each engine step are processed on the API-server loop (the same FIFO
/// server as ingress: detokenise, build and send one stream chunk per request), then cross the
/// network. All times µs.
///
/// A step's output job occupies the loop for `stepMicros + perTokenMicros × tokens in the step`,
/// so a new request's first chunk waits behind every running request's token of that step, and
/// when the loop cannot keep up with the engine the backlog shows in TTFT, ITL and E2E.
public struct OutputPathComponent: Sendable, Hashable, Codable {
  /// Loop time per step output (receive and unpack the engine's message).
  public var stepMicros: Double
  /// Loop time per streamed token.
  public var perTokenMicros: Double
  /// Extra latency of a request's first chunk (engine → detokeniser set-up → SSE), which occupies
  /// nothing; plus a part per prompt token.
  public var firstChunkMicros: Double
  public var firstChunkPerPromptTokenMicros: Double
  /// A fixed delay added to every token that occupies nothing (blackbox rows put their α2 here).
  public var tokenDelayMicros: Double

  public init(stepMicros: Double = 0, perTokenMicros: Double = 0, firstChunkMicros: Double = 0,
              firstChunkPerPromptTokenMicros: Double = 0, tokenDelayMicros: Double = 0) {
    self.stepMicros = stepMicros; self.perTokenMicros = perTokenMicros; self.firstChunkMicros = firstChunkMicros
    self.firstChunkPerPromptTokenMicros = firstChunkPerPromptTokenMicros; self.tokenDelayMicros = tokenDelayMicros
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case stepMicros = "step_us", perTokenMicros = "per_token_us", firstChunkMicros = "first_chunk_us"
    case firstChunkPerPromptTokenMicros = "first_chunk_per_prompt_token_us", tokenDelayMicros = "token_delay_us"
  }
}

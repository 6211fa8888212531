/// The way in: client → network → API server → tokenizer → engine wait queue. All times µs.
///
/// The API server is one Python event loop per vLLM instance, modelled as a FIFO single server
/// shared with the output path (`OutputPathComponent`): each request occupies it for
/// `apiIngressMicros + apiPerPromptTokenMicros·prompt` (HTTP parsing, validation, and tokenisation
/// when it runs on the loop), so a burst of N requests reaches the engine one by one, the k-th no
/// earlier than k service times — and the first tokens of a burst wait behind the ingress of the
/// rest of it. Off-loop tokenisation (vLLM's `AsyncMicrobatchTokenizer`) gathers requests for up to
/// `tokenizerWindowMicros` or `tokenizerMaxBatch` requests, then encodes the batch in
/// `tokenizePerPromptTokenMicros × longest prompt` (batch encodes run in parallel).
public struct FrontEndComponent: Sendable, Hashable, Codable {
  /// Client ↔ server network round trip; half is added on the way in, half on the way out.
  public var networkRoundTripMicros: Double
  /// API-server loop time per request (HTTP/JSON, validation, hand-off to the engine).
  public var apiIngressMicros: Double
  /// API-server loop time per prompt token (tokenisation on the loop; 0 when it runs off the loop).
  public var apiPerPromptTokenMicros: Double
  /// Micro-batch window of the off-loop tokenizer; 0 = no batching (each request tokenised alone).
  public var tokenizerWindowMicros: Double
  /// A micro-batch closes early once it holds this many requests.
  public var tokenizerMaxBatch: Int
  /// Off-loop tokenisation time per prompt token.
  public var tokenizePerPromptTokenMicros: Double
  /// A fixed delay before the wait queue that occupies nothing (e.g. a gateway), per request and per
  /// prompt token. Blackbox rows put their α0/α1 here.
  public var fixedDelayMicros: Double
  public var fixedDelayPerPromptTokenMicros: Double

  public init(networkRoundTripMicros: Double = 500, apiIngressMicros: Double = 1000, apiPerPromptTokenMicros: Double = 0,
              tokenizerWindowMicros: Double = 0, tokenizerMaxBatch: Int = 32, tokenizePerPromptTokenMicros: Double = 1,
              fixedDelayMicros: Double = 0, fixedDelayPerPromptTokenMicros: Double = 0) {
    self.networkRoundTripMicros = networkRoundTripMicros; self.apiIngressMicros = apiIngressMicros
    self.apiPerPromptTokenMicros = apiPerPromptTokenMicros; self.tokenizerWindowMicros = tokenizerWindowMicros
    self.tokenizerMaxBatch = tokenizerMaxBatch; self.tokenizePerPromptTokenMicros = tokenizePerPromptTokenMicros
    self.fixedDelayMicros = fixedDelayMicros; self.fixedDelayPerPromptTokenMicros = fixedDelayPerPromptTokenMicros
  }

  enum CodingKeys: String, CodingKey, CaseIterable {
    case networkRoundTripMicros = "network_round_trip_us", apiIngressMicros = "api_ingress_us"
    case apiPerPromptTokenMicros = "api_per_prompt_token_us", tokenizerWindowMicros = "tokenizer_window_us"
    case tokenizerMaxBatch = "tokenizer_max_batch", tokenizePerPromptTokenMicros = "tokenize_per_prompt_token_us"
    case fixedDelayMicros = "fixed_delay_us", fixedDelayPerPromptTokenMicros = "fixed_delay_per_prompt_token_us"
  }
}

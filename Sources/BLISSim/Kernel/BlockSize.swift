/// A KV block size in tokens, with the divisions the engine makes on every admission and step
/// (blocks covering a token count, the position within a block) done by a shift or a mask when the
/// size is a power of two, as vLLM's are: an integer division costs tens of cycles. The results are
/// exactly those of `/` and a Euclidean `%` for every input.
struct BlockSize: Sendable {
  let tokens: Int
  /// log2(tokens), or −1 when it is not a power of two.
  private let shift: Int

  init(tokens: Int) {
    precondition(tokens > 0, "a block holds at least one token")
    self.tokens = tokens
    shift = tokens & (tokens - 1) == 0 ? tokens.trailingZeroBitCount : -1
  }

  /// `n / tokens` (truncating, like `/`).
  @inline(__always)
  func quotient(_ n: Int) -> Int {
    shift >= 0 && n >= 0 ? n >> shift : n / tokens
  }

  /// Blocks that hold `n` tokens: `(n + tokens − 1) / tokens`.
  @inline(__always)
  func blocks(holding n: Int) -> Int { quotient(n + tokens - 1) }

  /// `n` modulo the block size, in 0..<tokens (also for negative `n`).
  @inline(__always)
  func residue(_ n: Int64) -> Int {
    if shift >= 0 { return Int(n & Int64(tokens - 1)) }
    let size = Int64(tokens)
    return Int((n % size + size) % size)
  }
}

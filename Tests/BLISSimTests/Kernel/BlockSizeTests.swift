import Testing
@testable import BLISSim

/// Shift-and-mask block arithmetic must equal the divisions it replaces, for power-of-two sizes
/// (the shift path) and others (the division path), including negative and extreme inputs.
@Test(arguments: [1, 2, 16, 32, 3, 7, 24])
func blockSizeArithmeticEqualsDivision(tokens: Int) {
  let size = BlockSize(tokens: tokens)
  var values: [Int] = [0, 1, -1, tokens - 1, tokens, tokens + 1, -tokens, -tokens - 1, Int.max - tokens, Int.min + tokens]
  var rng = SeededGenerator(seed: UInt64(tokens))
  for _ in 0..<10_000 { values.append(Int(truncatingIfNeeded: rng.next()) >> Int(rng.next() % 60)) }
  for n in values {
    #expect(size.quotient(n) == n / tokens, "\(n) / \(tokens)")
    if n <= Int.max - tokens { #expect(size.blocks(holding: n) == (n + tokens - 1) / tokens, "⌈\(n) / \(tokens)⌉") }
    let m = Int64(n)
    #expect(size.residue(m) == Int((m % Int64(tokens) + Int64(tokens)) % Int64(tokens)), "\(n) mod \(tokens)")
  }
}

/// Non-negative least squares: minimise ‖A·x − b‖₂ subject to x ≥ 0 (Lawson & Hanson 1974, ch. 23).
///
/// For small dense problems (tens to hundreds of rows, a handful of columns). The unconstrained
/// sub-problems are solved with Householder QR, so nearly collinear columns do not lose the
/// precision the normal equations would. Callers should scale columns to comparable norms.
public enum NonNegativeLeastSquares {
  /// The solution `x` (one entry per column of `a`).
  ///
  /// - Parameters:
  ///   - a: the matrix, row-major; every row has the same number of columns (≥ 1).
  ///   - b: the right-hand side, one entry per row.
  /// - Precondition: `a.count == b.count`, rows non-empty and equal-length.
  public static func solve(_ a: [[Double]], _ b: [Double]) -> [Double] {
    precondition(a.count == b.count && !a.isEmpty, "NNLS: A and b must have the same, non-zero number of rows")
    let n = a[0].count
    precondition(n > 0 && a.allSatisfy { $0.count == n }, "NNLS: rows must have the same, non-zero length")
    let m = a.count
    var norm = 0.0
    for row in a { for v in row { norm = max(norm, abs(v)) } }
    let tolerance = 10 * Double.ulpOfOne * norm * Double(max(m, n)) * Double(m)
    var x = Array(repeating: 0.0, count: n)
    var passive = Array(repeating: false, count: n)
    var iterations = 0
    while iterations < 3 * n + 10 {
      iterations += 1
      let w = gradient(a, b, x)
      var best = -1
      for j in 0..<n where !passive[j] && w[j] > tolerance && (best < 0 || w[j] > w[best]) { best = j }
      if best < 0 { break }
      passive[best] = true
      while true {
        let s = subsetSolution(a, b, passive)
        let negative = (0..<n).filter { passive[$0] && s[$0] <= 0 }
        if negative.isEmpty { x = s; break }
        var step = 1.0
        for j in negative { step = min(step, x[j] / (x[j] - s[j])) }
        for j in 0..<n { x[j] += step * (s[j] - x[j]) }
        for j in 0..<n where passive[j] && x[j] <= tolerance { passive[j] = false; x[j] = 0 }
        if !passive.contains(true) { break }
      }
    }
    return x
  }

  /// Aᵀ(b − A·x).
  private static func gradient(_ a: [[Double]], _ b: [Double], _ x: [Double]) -> [Double] {
    var w = Array(repeating: 0.0, count: x.count)
    for (i, row) in a.enumerated() {
      var r = b[i]
      for j in 0..<x.count { r -= row[j] * x[j] }
      for j in 0..<x.count { w[j] += row[j] * r }
    }
    return w
  }

  /// Unconstrained least squares on the passive columns (others 0), by Householder QR.
  private static func subsetSolution(_ a: [[Double]], _ b: [Double], _ passive: [Bool]) -> [Double] {
    let columns = passive.indices.filter { passive[$0] }
    let m = a.count, k = columns.count
    var r = a.map { row in columns.map { row[$0] } }   // m × k, reduced in place
    var y = b
    for c in 0..<min(k, m) {
      var sigma = 0.0
      for i in c..<m { sigma += r[i][c] * r[i][c] }
      let alpha = sigma.squareRoot() * (r[c][c] > 0 ? -1 : 1)
      guard alpha != 0 else { continue }
      var v = Array(repeating: 0.0, count: m)
      for i in c..<m { v[i] = r[i][c] }
      v[c] -= alpha
      var vv = 0.0
      for i in c..<m { vv += v[i] * v[i] }
      guard vv > 0 else { continue }
      for j in c..<k {
        var dot = 0.0
        for i in c..<m { dot += v[i] * r[i][j] }
        let f = 2 * dot / vv
        for i in c..<m { r[i][j] -= f * v[i] }
      }
      var dot = 0.0
      for i in c..<m { dot += v[i] * y[i] }
      let f = 2 * dot / vv
      for i in c..<m { y[i] -= f * v[i] }
    }
    // Back substitution; a (numerically) zero pivot leaves its coefficient at 0.
    var s = Array(repeating: 0.0, count: k)
    var scale = 0.0
    for c in 0..<min(k, m) { scale = max(scale, abs(r[c][c])) }
    for c in stride(from: min(k, m) - 1, through: 0, by: -1) {
      var v = y[c]
      for j in (c + 1)..<k { v -= r[c][j] * s[j] }
      s[c] = abs(r[c][c]) > scale * 1e-12 ? v / r[c][c] : 0
    }
    var full = Array(repeating: 0.0, count: passive.count)
    for (i, col) in columns.enumerated() { full[col] = s[i] }
    return full
  }
}

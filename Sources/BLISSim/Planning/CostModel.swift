import Foundation

/// Cost and sizing arithmetic of a deployment at its capacity. Pure functions.
public enum CostModel {
  /// USD per million output tokens: the split's GPU-hours per second of serving, divided by the
  /// output tokens it produces per second:
  /// `gpus × gpuHourUSD / 3600 / outputTokensPerSecond × 10⁶`. Nil when the price is unknown
  /// (≤ 0) or nothing is produced.
  public static func usdPerMillionOutputTokens(gpus: Int, gpuHourUSD: Double, outputTokensPerSecond: Double) -> Double? {
    guard gpuHourUSD > 0, outputTokensPerSecond > 0, gpus > 0 else { return nil }
    return Double(gpus) * gpuHourUSD / 3600 / outputTokensPerSecond * 1_000_000
  }

  /// GPUs needed to serve `targetRate` req/s with replicas of `split`, assuming replicas scale
  /// linearly (each instance carries `maxRate / split.instances`):
  /// `⌈target ÷ (maxRate / instances)⌉ × TP`. Nil when the capacity is zero or more than a
  /// billion replicas would be needed.
  public static func gpusNeeded(targetRate: Double, maxRate: Double, split: GPUSplit) -> Int? {
    guard maxRate > 0, targetRate > 0 else { return nil }
    let perInstance = maxRate / Double(split.instances)
    // Round the quotient first so an exact fit (e.g. 200 / 100) is not pushed up by float error.
    let quotient = (targetRate / perInstance * 1e9).rounded() / 1e9
    // Beyond a billion replicas the answer is "no": nil rather than an overflow.
    guard quotient.isFinite, quotient <= 1e9 else { return nil }
    return Int(quotient.rounded(.up)) * split.tensorParallelism
  }
}

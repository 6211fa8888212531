/// One way to deploy a model: `instances` replicas, each a tensor-parallel group of
/// `tensorParallelism` GPUs (so `gpuCount = tensorParallelism × instances`).
public struct GPUSplit: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
  public var tensorParallelism: Int
  public var instances: Int

  public init(tensorParallelism: Int, instances: Int) {
    self.tensorParallelism = tensorParallelism; self.instances = instances
  }

  public var gpuCount: Int { tensorParallelism * instances }
  /// "TP2×4".
  public var description: String { "TP\(tensorParallelism)×\(instances)" }

  /// Fewer GPUs first, then smaller TP (a fixed, documented table order).
  public static func < (a: GPUSplit, b: GPUSplit) -> Bool {
    (a.gpuCount, a.tensorParallelism, a.instances) < (b.gpuCount, b.tensorParallelism, b.instances)
  }

  enum CodingKeys: String, CodingKey { case tensorParallelism = "tp", instances }
}

/// Expands planning grids into splits. Which splits a model can actually run (TP dividing its
/// heads, weights fitting in memory) is decided later, when each split's `RunPlan` is built
/// (`PlanningDeployments`), so the skip reasons are the library's usual one-line errors.
public enum SplitGrid {
  /// Every split of exactly `gpus` GPUs whose TP is a power of two (vLLM's usual choices):
  /// 8 → TP1×8, TP2×4, TP4×2, TP8×1. Smallest TP first.
  public static func splits(gpus: Int) -> [GPUSplit] {
    guard gpus >= 1 else { return [] }
    return sequence(first: 1, next: { $0 * 2 }).prefix { $0 <= gpus }
      .filter { gpus % $0 == 0 }
      .map { GPUSplit(tensorParallelism: $0, instances: gpus / $0) }
  }

  /// The Cartesian product TP list × instances list, in list order (TP-major), duplicates removed.
  public static func product(tensorParallelism tps: [Int], instances: [Int]) -> [GPUSplit] {
    var seen = Set<GPUSplit>()
    var out: [GPUSplit] = []
    for tp in tps {
      for n in instances {
        let s = GPUSplit(tensorParallelism: tp, instances: n)
        if seen.insert(s).inserted { out.append(s) }
      }
    }
    return out
  }
}

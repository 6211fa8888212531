import ArgumentParser
import BLISSim
import Foundation

/// The grid flags shared by `blis sweep` and `blis capacity`: which GPU splits and latency
/// models to evaluate. Values are parsed by the library (`PlanningListParser`) so errors name
/// the flag and say what is allowed.
struct PlanningGridOptions: ParsableArguments {
  @Option(name: .customLong("gpus"), parsing: .unconditional, help: ArgumentHelp("Evaluate every split TP × instances = N (TP a power of two that divides the heads and fits in memory).", valueName: "n"))
  var gpus: String?
  @Option(name: .customLong("tp-list"), parsing: .unconditional, help: ArgumentHelp("Tensor-parallel degrees to evaluate (default: --tp).", valueName: "1,2,4,8"))
  var tpList: String?
  @Option(name: .customLong("instances-list"), parsing: .unconditional, help: ArgumentHelp("Instance counts to evaluate with each TP (default: --num-instances).", valueName: "1,2,4"))
  var instancesList: String?
  @Option(name: .customLong("latency-models"), help: ArgumentHelp("Step-time models to evaluate (default: --latency-model).", valueName: "roofline,blackbox"))
  var latencyModels: String?

  /// The splits to evaluate, in table order.
  func splits(_ s: RunSettings) throws(PlanningError) -> [GPUSplit] {
    if let gpus {
      if tpList != nil || instancesList != nil {
        throw .conflict("--gpus cannot be combined with --tp-list or --instances-list: --gpus already chooses every split")
      }
      let n = try PlanningListParser.wholeNumbers(gpus, flag: "--gpus", range: 1...4096)
      guard n.count == 1 else { throw .invalidValue(flag: "--gpus", value: gpus, allowed: "one whole number in 1...4096, e.g. 8") }
      return SplitGrid.splits(gpus: n[0])
    }
    var tps = [s.tensorParallelism], counts = [s.engine.instances]
    if let tpList { tps = try PlanningListParser.wholeNumbers(tpList, flag: "--tp-list", range: 1...64) }
    if let instancesList { counts = try PlanningListParser.wholeNumbers(instancesList, flag: "--instances-list", range: 1...4096) }
    return SplitGrid.product(tensorParallelism: tps, instances: counts)
  }

  func kinds(_ s: RunSettings) throws(PlanningError) -> [LatencyModelChoice] {
    guard let latencyModels else { return [s.latencyModel] }
    return try PlanningListParser.latencyModels(latencyModels, flag: "--latency-models")
  }
}

/// Thread-safe progress lines on stderr (planning jobs report from worker threads).
final class PlanningProgress: @unchecked Sendable {
  private let lock = NSLock()
  private var done = 0
  private let total: Int
  private let enabled: Bool
  private let writeError: (String) -> Void

  init(total: Int, enabled: Bool, io: CommandIO) {
    self.total = total; self.enabled = enabled; self.writeError = io.writeError
  }

  /// Prints "[k/total] line" (k counts calls) when enabled.
  func step(_ line: String) {
    guard enabled else { return }
    lock.lock(); defer { lock.unlock() }
    done += 1
    writeError("[\(done)/\(total)] \(line)\n")
  }

  /// Prints a line without counting it.
  func note(_ line: String) {
    guard enabled else { return }
    lock.lock(); defer { lock.unlock() }
    writeError(line + "\n")
  }
}

/// The warnings of a planning grid's deployments, each once, in grid order.
enum PlanningWarnings {
  static func all(_ deployments: PlanningDeployments) -> [String] {
    var seen: Set<String> = []
    return deployments.runnable.flatMap { $0.plan.warnings.map(\.text) }.filter { seen.insert($0).inserted }
  }
}

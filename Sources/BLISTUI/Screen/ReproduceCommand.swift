import BLISSim

/// The command lines that reproduce what the planner shows: `blis run` for a dashboard column,
/// `blis capacity` for the answer bar. Built from the draft plus the launch flags the planner
/// does not edit (`AppState.launchArguments`).
enum ReproduceCommand {
  /// Arguments the draft sets (model, GPU, workload, routing, seed), shared by both commands.
  static func deployment(_ s: Scenario) -> [String] {
    var args = ["--model", s.model, "--hardware", s.hardware]
    if s.workload != ScenarioOptions.distributionWorkload, WorkloadPreset(rawValue: s.workload) != nil {
      args += ["--workload", s.workload]
    }
    return args + ["--routing-policy", s.routingPolicy, "--seed", String(s.seed)]
  }

  /// `blis run …` giving the dashboard column of `kind` (steady load; a ramp has no flag form).
  static func run(_ s: Scenario, kind: LatencyModelChoice, launch: [String]) -> String? {
    guard s.load == .steady else { return nil }
    let args = deployment(s) + ["--tp", String(s.split.tensorParallelism), "--num-instances", String(s.split.instances),
                                "--rate", NumberFormat.plain(s.rateRequestsPerSecond), "--num-requests", String(s.runRequests),
                                "--latency-model", kind.rawValue]
    return line(["blis", "run"] + args + launch)
  }

  /// `blis capacity …` giving the answer bar (every split of `budget`, both models, the
  /// planner's probe cap).
  static func capacity(_ s: Scenario, budget: Int, launch: [String]) -> String {
    var args = deployment(s) + ["--gpus", String(budget), "--latency-models", "roofline,blackbox"]
    if let ttft = s.slo.ttftP99Ms { args += ["--slo-ttft-p99-ms", NumberFormat.plain(ttft)] }
    if let itl = s.slo.itlP99Ms { args += ["--slo-itl-p99-ms", NumberFormat.plain(itl)] }
    if let cap = CapacitySearchSettings.planner.maximumRequests { args += ["--max-probe-requests", String(cap)] }
    return line(["blis", "capacity"] + args + launch)
  }

  /// Words joined for a POSIX shell, quoting those that need it.
  static func line(_ words: [String]) -> String {
    words.map { word in
      let safe = word.allSatisfy { $0.isLetter || $0.isNumber || "-_./=:,@+".contains($0) }
      return safe && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }.joined(separator: " ")
  }
}

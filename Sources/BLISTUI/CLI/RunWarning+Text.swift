import BLISSim

extension RunWarning {
  /// The warning in words, one line (the CLI prefixes `warning: `; the planner shows it as a caveat).
  var text: String {
    switch self {
    case .ignoredByRoofline(let place):
      return "\(place) is ignored by the roofline model (it computes step times; only alpha overheads apply)"
    case .gpuMemoryUtilizationIgnored(let place, let kvBlocksPlace):
      return "\(place) is ignored because \(kvBlocksPlace) fixes the KV cache size"
    case .unphysicalBlackbox(let model, let gpu, let tp, let fitted, let physical):
      return "blackbox row \(model) / \(gpu) / TP\(tp) looks unphysical: a 1-request decode step of \(fitted) µs, under "
        + "half the roofline's \(physical) µs (the weights must be read every step); treat its "
        + "latencies with suspicion, or refit with blis calibrate"
    case .implicitRoofline(let model, let gpu, let tp):
      return "no blackbox coefficients for model=\(model) GPU=\(gpu) TP=\(tp); using the roofline model from "
        + "--model-config-folder and --hardware-config (pass --roofline to silence this)"
    }
  }
}

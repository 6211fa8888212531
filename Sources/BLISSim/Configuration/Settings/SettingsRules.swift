/// The rules between settings, after each one passed its own check: workload sources that
/// exclude each other, consistent token lengths, and remarks about settings that will be ignored.
enum SettingsRules {
  static func check(_ s: RunSettings) throws(SettingsError) {
    try checkTokenLengths(s, \.promptTokens, \.promptTokensMin, \.promptTokensMax, s.workload.promptTokens)
    try checkTokenLengths(s, \.outputTokens, \.outputTokensMin, \.outputTokensMax, s.workload.outputTokens)
    if let preset = s.workload.preset, s.workload.specFile != nil {
      throw .conflict(message: "\(s.place(of: \.workload)) \(preset.rawValue) and \(s.place(of: \.workloadSpec)) cannot be combined: the spec defines its own workload")
    }
    let tokenSettings: [KeyPath<SettingsCatalog, Setting<Int>>] = [
      \.promptTokens, \.promptTokensStdev, \.promptTokensMin, \.promptTokensMax,
      \.outputTokens, \.outputTokensStdev, \.outputTokensMin, \.outputTokensMax,
    ]
    if let tokens = tokenSettings.first(where: { s.isExplicit($0) }) {
      if s.workload.specFile != nil {
        throw .conflict(message: "\(s.place(of: tokens)) shapes the default synthetic workload and cannot be combined with \(s.place(of: \.workloadSpec))")
      }
      if let preset = s.workload.preset {
        throw .conflict(message: "\(s.place(of: tokens)) shapes the default synthetic workload and cannot be combined with \(s.place(of: \.workload)) \(preset.rawValue) (which has its own lengths)")
      }
    }
    if s.workload.concurrency == nil {
      if s.isExplicit(\.thinkTimeMs) { throw .conflict(message: "\(s.place(of: \.thinkTimeMs)) applies to a closed loop: give --concurrency N as well") }
      if s.isExplicit(\.thinkTime) { throw .conflict(message: "\(s.place(of: \.thinkTime)) applies to a closed loop: give --concurrency N as well") }
    }
    if s.isExplicit(\.arrivalCV), s.workload.arrival != .gamma {
      throw .conflict(message: "\(s.place(of: \.arrivalCV)) applies only to --arrival gamma, but the arrival process is \(s.workload.arrival.rawValue)")
    }
  }

  private static func checkTokenLengths(_ s: RunSettings, _ mean: KeyPath<SettingsCatalog, Setting<Int>>,
                                        _ min: KeyPath<SettingsCatalog, Setting<Int>>,
                                        _ max: KeyPath<SettingsCatalog, Setting<Int>>,
                                        _ lengths: WorkloadSettings.TokenLengths) throws(SettingsError) {
    guard lengths.minTokens <= lengths.maxTokens else {
      throw s.invalidValue(min, String(lengths.minTokens), allowed: "at most \(s.place(of: max)) = \(lengths.maxTokens)")
    }
    guard lengths.meanTokens >= lengths.minTokens, lengths.meanTokens <= lengths.maxTokens else {
      throw s.invalidValue(mean, String(lengths.meanTokens),
                           allowed: "a mean within [\(lengths.minTokens), \(lengths.maxTokens)] (\(s.place(of: min)) … \(s.place(of: max)))")
    }
  }

  static func warnings(for s: RunSettings) -> [RunWarning] {
    var notes: [RunWarning] = []
    if s.latencyModel == .roofline, s.isExplicit(\.betaCoeffs) {
      notes.append(.ignoredByRoofline(place: s.place(of: \.betaCoeffs)))
    }
    if s.isExplicit(\.totalKVBlocks), s.isExplicit(\.gpuMemoryUtilization) {
      notes.append(.gpuMemoryUtilizationIgnored(place: s.place(of: \.gpuMemoryUtilization),
                                                kvBlocksPlace: s.place(of: \.totalKVBlocks)))
    }
    return notes
  }
}

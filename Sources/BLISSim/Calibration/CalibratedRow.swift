import Foundation

/// Builds the `defaults.yaml` row for a fit.
///
/// - β: the fitted GPU-step β plus the GPU's serving CPU overhead (`hardware_config.json` serving
///   values): β0 += servingStepMicros, β2 += servingPerRequestMicros. In blackbox mode the engine adds
///   no scheduling delay of its own (a reference row's β is everything between two steps), so a
///   GPU-only row would make blackbox runs faster than roofline runs of the same hardware by the
///   scheduler's time. The per-request overhead of prefill chunks (≤ a few µs per step) is not
///   representable per token and is left out. Values are rounded to 6 significant digits; the knee
///   β6 to whole tokens.
/// - α: the existing row's α when one is replaced (its arrival/detokenisation fit is about the
///   server, which GPU steps say nothing about), else the GPU's serving defaults mapped to
///   α0 = servingArrivalMicros, α1 = servingArrivalPerInputTokenMicros, α2 = servingOutputTokenMicros.
/// - `source` says all of this, and what the row replaced (a row that `blis calibrate` wrote itself
///   passes its α/replaces history on, so rerunning a calibration reproduces the file exactly).
public enum CalibratedRow {
  public static func make(id: String, gpu: HardwareSpec, tensorParallelism: Int, fit: BlackboxFit, existing: DefaultsFile.CoefficientRow?,
                          vllmVersion: String?, totalKVBlocks: Int?, stepsDescription: String) -> DefaultsFile.CoefficientRow {
    var beta = fit.beta
    beta[BlackboxTerm.step.rawValue] += gpu.serving.stepMicros
    beta[BlackboxTerm.decodeRequest.rawValue] += gpu.serving.perRequestMicros
    beta = beta.enumerated().map { i, b in i == BlackboxTerm.kneeTokens.rawValue ? b.rounded() : significant(b, 6) }
    let servingAlpha = [gpu.serving.arrivalMicros, gpu.serving.arrivalPerInputTokenMicros, gpu.serving.outputTokenMicros]
    let alpha = existing?.alphaCoeffs ?? servingAlpha
    let accuracy = fit.report.perKind.map { "\($0.kind.rawValue) \(percent($0.mape))" }.joined(separator: ", ")
    var source = "blis calibrate \(fit.form.rawValue) form on \(stepsDescription) (GPU-step MAPE \(accuracy))"
    source += "; beta0/beta2 include \(gpu.name) serving CPU overhead \(trim(gpu.serving.stepMicros)) us/step + \(trim(gpu.serving.perRequestMicros)) us/decode"
    if let old = existing?.source, old.hasPrefix("blis calibrate"), let tail = old.range(of: "; alpha") {
      // Re-calibrating our own row: α is that row's, so keep its α/replaces history (idempotent reruns).
      source += String(old[tail.lowerBound...])
    } else if let existing {
      source += "; alpha kept from the replaced row"
      let old = existing.source.map { " (\($0))" } ?? ""
      source += "; replaces\(old) beta=[\(existing.betaCoeffs.map { trim(significant($0, 6)) }.joined(separator: ", "))]"
    } else {
      source += "; alpha = \(gpu.name) serving defaults (arrival \(trim(servingAlpha[0])) us + \(trim(servingAlpha[1])) us/input token, \(trim(servingAlpha[2])) us/output token)"
    }
    return DefaultsFile.CoefficientRow(id: id.lowercased(), gpu: gpu.name, tensorParallelism: tensorParallelism,
                                       vllmVersion: vllmVersion ?? existing?.vllmVersion, alphaCoeffs: alpha, betaCoeffs: beta,
                                       totalKVBlocks: totalKVBlocks ?? existing?.totalKVBlocks, source: source)
  }

  /// `x` rounded to `digits` significant digits.
  public static func significant(_ x: Double, _ digits: Int) -> Double {
    guard x != 0, x.isFinite else { return x }
    let decimals = digits - 1 - Int(floor(log10(abs(x))))
    if decimals >= 0 {
      let f = pow(10, Double(decimals))
      return (x * f).rounded() / f
    }
    let f = pow(10, Double(-decimals))
    return (x / f).rounded() * f
  }

  static func percent(_ fraction: Double) -> String { String(format: "%.1f %%", fraction * 100) }
  /// `x` as YAML/JSON without a trailing ".0" (20 rather than 20.0).
  public static func trim(_ x: Double) -> String { DefaultsRowEditor.number(x).replacingOccurrences(of: #"\.0$"#, with: "", options: .regularExpression) }
}

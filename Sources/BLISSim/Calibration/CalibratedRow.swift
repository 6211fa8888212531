import Foundation

/// Builds the `defaults.yaml` row for a fit.
///
/// - β: the fitted GPU-step β plus, for a synchronous engine loop, the serving profile's host CPU
///   per step: β0 += host step_us, β2 += per_running_request_us. In blackbox mode the engine adds no
///   host CPU of its own (a reference row's β is everything between two steps), so with a
///   synchronous loop a GPU-only row would make blackbox runs faster than roofline runs by the
///   scheduler's time; an async loop hides the host CPU behind the GPU, so nothing is added. The
///   per-token host terms are not representable per decode request and are left out. Values are
///   rounded to 6 significant digits; the knee β6 to whole tokens.
/// - α: the existing row's α when one is replaced (its arrival/detokenisation fit is about the
///   server, which GPU steps say nothing about), else the profile's front end and output path mapped
///   to α0 = network round trip + API ingress + first chunk, α1 = per prompt token terms, α2 = output
///   per token.
/// - `source` says all of this, and what the row replaced (a row that `blis calibrate` wrote itself
///   passes its α/replaces history on, so rerunning a calibration reproduces the file exactly).
public enum CalibratedRow {
  public static func make(id: String, gpu: HardwareSpec, serving: ServingProfile, tensorParallelism: Int, fit: BlackboxFit,
                          existing: DefaultsFile.CoefficientRow?, vllmVersion: String?, totalKVBlocks: Int?,
                          stepsDescription: String) -> DefaultsFile.CoefficientRow {
    var beta = fit.beta
    let host = serving.stack(tensorParallelism: tensorParallelism).hostCPU
    let sync = serving.engineLoop.mode == .sync
    if sync {
      beta[BlackboxTerm.step.rawValue] += host.stepMicros
      beta[BlackboxTerm.decodeRequest.rawValue] += host.perRunningRequestMicros
    }
    beta = beta.enumerated().map { i, b in i == BlackboxTerm.kneeTokens.rawValue ? b.rounded() : significant(b, 6) }
    let f = serving.frontEnd, o = serving.outputPath
    let servingAlpha = [f.networkRoundTripMicros + f.apiIngressMicros + o.firstChunkMicros,
                        f.apiPerPromptTokenMicros + f.tokenizePerPromptTokenMicros + o.firstChunkPerPromptTokenMicros,
                        o.perTokenMicros + o.tokenDelayMicros]
    let alpha = existing?.alphaCoeffs ?? servingAlpha
    let accuracy = fit.report.perKind.map { "\($0.kind.rawValue) \(percent($0.mape))" }.joined(separator: ", ")
    var source = "blis calibrate \(fit.form.rawValue) form on \(stepsDescription) (GPU-step MAPE \(accuracy))"
    source += sync
      ? "; beta0/beta2 include \(serving.name) host CPU \(trim(host.stepMicros)) us/step + \(trim(host.perRunningRequestMicros)) us/decode"
      : "; beta is GPU time only (\(serving.name) overlaps host CPU with the GPU)"
    if let old = existing?.source, old.hasPrefix("blis calibrate"), let tail = old.range(of: "; alpha") {
      // Re-calibrating our own row: α is that row's, so keep its α/replaces history (idempotent reruns).
      source += String(old[tail.lowerBound...])
    } else if let existing {
      source += "; alpha kept from the replaced row"
      let old = existing.source.map { " (\($0))" } ?? ""
      source += "; replaces\(old) beta=[\(existing.betaCoeffs.map { trim(significant($0, 6)) }.joined(separator: ", "))]"
    } else {
      source += "; alpha = \(serving.name) front end (arrival \(trim(servingAlpha[0])) us + \(trim(servingAlpha[1])) us/input token, \(trim(servingAlpha[2])) us/output token)"
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

import BLISSim
import Foundation

/// The text (tables) or JSON that `blis calibrate` prints, accumulated section by section.
struct CalibrateOutput {
  var json: Bool
  private var lines: [String] = []
  private var object: [String: Any] = [:]

  init(json: Bool) { self.json = json }

  func rendered() -> String {
    if json {
      let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes])) ?? Data("{}".utf8)
      return String(decoding: data, as: UTF8.self) + "\n"
    }
    return lines.joined(separator: "\n") + "\n"
  }

  mutating func fit(model: String, gpu: String, tp: Int, input: CalibrationInput, fit: BlackboxFit) {
    let r = fit.report
    if json {
      object["model"] = model; object["gpu"] = gpu; object["tensor_parallelism"] = tp
      object["steps"] = input.summary; object["model_form"] = fit.form.rawValue
      object["beta_fitted_gpu_step"] = fit.beta
      object["rms_relative_error"] = fit.rmsRelativeError
      object["terms"] = fit.decisions.map { d -> [String: Any] in
        ["candidate": d.candidate, "kept": d.kept, "reason": d.reason, "rms_before": d.rmsBefore.map { $0 as Any } ?? NSNull(), "rms_with": d.rmsWith.map { $0 as Any } ?? NSNull()]
      }
      object["accuracy"] = ["r_squared": r.rSquared, "mape": r.mape, "rows": r.rows,
                            "per_kind": r.perKind.map { ["kind": $0.kind.rawValue, "rows": $0.rows, "mape": $0.mape, "max_abs_error": $0.maxAbsoluteError] }]
      object["worst_rows"] = r.worst.map { ["line": $0.line, "kind": $0.kind.rawValue, "shape": $0.shape, "measured_us": $0.measuredMicros,
                                            "predicted_us": $0.predictedMicros, "relative_error": $0.relativeError] }
      return
    }
    lines.append("blis calibrate: \(model) on \(gpu) TP\(tp), \(fit.form.rawValue) form")
    lines.append("steps: \(input.summary)")
    lines.append("fit: non-negative least squares on relative error (each row weighted by 1/measured)")
    lines.append("")
    lines.append("  term  meaning                               fitted (GPU step)")
    for (i, b) in fit.beta.enumerated() {
      let term = BlackboxTerm(rawValue: i)!
      lines.append("  β\(i)    \(term.meaning.padding(toLength: 36, withPad: " ", startingAt: 0)) \(Self.sig(b))")
    }
    if !fit.decisions.isEmpty {
      lines.append("")
      lines.append("extended terms (kept when they lower the RMS relative error by ≥ \(Int(BlackboxFitter.minimumImprovement * 100)) %):")
      for d in fit.decisions {
        let rms = d.rmsBefore.map { b in d.rmsWith.map { "RMS \(Self.pct(b)) → \(Self.pct($0))" } ?? "" } ?? ""
        lines.append("  \(d.candidate.padding(toLength: 24, withPad: " ", startingAt: 0)) \(d.kept ? "kept   " : "dropped")  \(rms.padding(toLength: 22, withPad: " ", startingAt: 0))  \(d.reason)")
      }
    }
    lines.append("")
    lines.append("accuracy (BlackboxModel on the measured steps):")
    lines.append("  kind      rows     MAPE      max")
    for k in r.perKind {
      lines.append("  \(k.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(format: "%5d", k.rows))  \(Self.pct(k.mape, width: 7))  \(Self.pct(k.maxAbsoluteError, width: 7))")
    }
    lines.append("  all      \(String(format: "%5d", r.rows))  \(Self.pct(r.mape, width: 7))           R² \(String(format: "%.4f", r.rSquared))")
    lines.append("")
    lines.append("worst rows:")
    lines.append("   line  kind     shape                                measured µs  predicted µs    error")
    for w in r.worst {
      lines.append("  \(String(format: "%5d", w.line))  \(w.kind.rawValue.padding(toLength: 7, withPad: " ", startingAt: 0))  \(w.shape.padding(toLength: 36, withPad: " ", startingAt: 0)) \(String(format: "%12.0f", w.measuredMicros))  \(String(format: "%12.0f", w.predictedMicros))  \(String(format: "%+6.1f %%", w.relativeError * 100))")
    }
    let missed = r.perKind.filter { $0.mape > 0.10 }.map(\.kind.rawValue)
    if fit.form == .reference && !missed.isEmpty {
      lines.append("")
      lines.append("note: the reference form misses 10 % MAPE on \(missed.joined(separator: ", ")); --model-form extended adds the terms the data supports")
    }
  }

  mutating func written(plan: CalibrationRowPlan, path: String) {
    let action: String
    switch plan.placement {
    case .replaced(let line): action = "replaced line \(line)"
    case .inserted(let line): action = "inserted at line \(line)"
    }
    if json {
      object["written"] = ["path": path, "action": action, "beta": plan.row.betaCoeffs, "alpha": plan.row.alphaCoeffs,
                           "total_kv_blocks": plan.row.totalKVBlocks.map { $0 as Any } ?? NSNull(), "kv_blocks_from": plan.kvNote, "source": plan.row.source ?? "" as Any]
      return
    }
    lines.append("")
    lines.append("wrote \(path) (\(action)); total_kv_blocks: \(plan.kvNote)")
    lines.append(DefaultsRowEditor.rowLine(plan.row, indent: ""))
  }

  mutating func roofline(_ c: RooflineCalibration, gpu: String, current: HardwareSpec) {
    let p = c.parameters
    let fields: [(String, Double)] = [
      ("gemmEfficiency", p.gemmEfficiency), ("memoryEfficiency", p.memoryEfficiency),
      ("attentionDecodeEfficiency", p.attentionDecodeEfficiency), ("attentionPrefillEfficiency", p.attentionPrefillEfficiency),
      ("attentionPrefillHalfTokens", p.attentionPrefillHalfTokens), ("layerOverheadMicros", p.layerOverheadMicros),
      ("stepOverheadMicros", p.stepOverheadMicros),
    ]
    if json {
      var params: [String: Double] = [:]
      for (k, v) in fields { params[k] = v }
      object["roofline_params"] = ["gpu": gpu, "parameters": params, "rows_used": c.rowsUsed,
                                   "per_kind": c.perKind.map { ["kind": $0.kind.rawValue, "rows": $0.rows, "mape": $0.mape, "max_abs_error": $0.maxAbsoluteError] }]
      return
    }
    if !lines.isEmpty { lines.append("") }
    let used = c.rowsUsed.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ")
    lines.append("roofline efficiencies for \(gpu) (rows used: \(used)); put in hardware_config.json:")
    lines.append("  \"\(gpu)\": {")
    lines.append(fields.enumerated().map { i, f in "    \"\(f.0)\": \(CalibratedRow.trim(f.1))\(i == fields.count - 1 ? "" : ",")" }.joined(separator: "\n"))
    lines.append("  }")
    lines.append("roofline accuracy with these values (graph-mode steps, every model in the file):")
    for k in c.perKind {
      lines.append("  \(k.kind.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(String(format: "%5d", k.rows))  MAPE \(Self.pct(k.mape, width: 7))  max \(Self.pct(k.maxAbsoluteError, width: 7))")
    }
  }

  static func pct(_ f: Double, width: Int = 0) -> String {
    let s = String(format: "%.1f %%", f * 100)
    return String(repeating: " ", count: max(0, width - s.count)) + s
  }
  static func sig(_ x: Double) -> String { DefaultsRowEditor.number(CalibratedRow.significant(x, 6)) }
}

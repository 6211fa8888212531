import BLISSim
import Foundation

/// What `blis calibrate serving` prints and writes: the fitted parameters, every file's errors
/// before and after, and the profile's provenance. Deterministic (no wall-clock values).
struct ServingCalibrationReport {
  struct Written {
    var path: String
    var name: String
    var placement: ServingProfileFileEditor.Placement
  }

  var inputs: ValidationInputs
  var fit: ServingCalibrator.Fit
  var objective: ServingObjective
  var written: Written?

  /// The metrics shown per file: the four means and every objective metric.
  var shownMetrics: [BenchmarkMetric] {
    let wanted = Set([.meanTTFT, .meanTPOT, .meanITL, .meanE2E] + objective.terms.map(\.metric))
    return BenchmarkMetric.allCases.filter(wanted.contains)
  }

  var objectiveText: String {
    objective.terms.map { $0.weight == 1 ? $0.metric.label : "\(NumberFormat.plain($0.weight))·\($0.metric.label)" }.joined(separator: ", ")
  }

  /// The written profile's `summary:`.
  var summary: String {
    "\(fit.start.name) calibrated to \(inputs.items.count) vLLM benchmark result\(inputs.items.count == 1 ? "" : "s") (blis calibrate serving)"
  }

  /// The written profile's `source:`: what was fitted, to what, on which deployment, how well.
  var source: String {
    let names = inputs.items.map { URL(fileURLWithPath: $0.target.name).lastPathComponent }.joined(separator: ", ")
    let plan = inputs.items[0].plan
    let tps = Array(Set(inputs.items.map { $0.plan.settings.tensorParallelism })).sorted().map(String.init).joined(separator: "/")
    return "blis calibrate serving: \(fit.parameters.map(\.rawValue).joined(separator: ", ")) fitted from profile \(fit.start.name) "
      + "to \(names) (\(plan.settings.model) on \(plan.deployment.hardware.name) TP \(tps), roofline GPU steps); "
      + "objective \(objectiveText), loss \(Self.loss(fit.lossBefore)) -> \(Self.loss(fit.lossAfter)); other fields as in \(fit.start.name)"
  }

  /// `# fitted (vllm-0.6: 3100)` after each fitted field.
  var fieldComments: [String: String] {
    Dictionary(uniqueKeysWithValues: fit.parameters.map {
      ($0.rawValue, "fitted (\(fit.start.name): \(NumberFormat.plain(fit.start[keyPath: $0.keyPath])))")
    })
  }

  // MARK: Text

  func text(relativeTo directory: URL? = nil) -> String {
    let plan = inputs.items[0].plan
    let perFile = inputs.items.contains { !$0.target.settings.isEmpty } ? " (FILE@key=value settings change it per file)" : ""
    var header = "blis calibrate serving: profile \(fit.start.name) fitted to \(inputs.items.count) vLLM benchmark result\(inputs.items.count == 1 ? "" : "s") on\(perFile)\n"
    header += RunHeader.deployment(plan) + RunHeader.latency(plan.deployment) + RunHeader.engineAndServing(plan)
    var text = RunHeader.relativizing(header, to: directory)
    text += "objective: mean over files of Σ ln(predicted / measured)² over \(objectiveText); Nelder–Mead, \(fit.evaluations) simulations\n\n"

    var parameters = TextTable(headers: ["parameter (µs)", fit.start.name, fit.fitted.name])
    for p in fit.parameters {
      parameters.add([p.rawValue, NumberFormat.plain(fit.start[keyPath: p.keyPath]), NumberFormat.plain(fit.fitted[keyPath: p.keyPath])])
    }
    text += parameters.render()

    var files = TextTable(headers: ["file", "metric", "measured", fit.start.name, "error", fit.fitted.name, "error"])
    files.leftAlignedColumns = 2
    for (i, item) in inputs.items.enumerated() {
      for (k, metric) in shownMetrics.enumerated() {
        let b = fit.before[i].comparison(metric), a = fit.after[i].comparison(metric)
        files.add([k == 0 ? URL(fileURLWithPath: item.target.name).lastPathComponent : "", "\(metric.label) \(metric.unit)",
                   ValidationReport.ms(b?.measured), ValidationReport.ms(b?.predicted), ValidationReport.error(b?.signedErrorPercent),
                   ValidationReport.ms(a?.predicted), ValidationReport.error(a?.signedErrorPercent)])
      }
    }
    text += "\n" + files.render()
    text += "loss \(Self.loss(fit.lossBefore)) → \(Self.loss(fit.lossAfter)) (RMS error per objective metric \(rms(fit.lossBefore)) → \(rms(fit.lossAfter)))\n"
    if let w = written {
      let line: String
      switch w.placement {
      case .replaced(let n): line = "replaced profile \(w.name) at line \(n)"
      case .inserted(let n): line = "added profile \(w.name) at line \(n)"
      }
      text += "\nwrote \(w.path): \(line); use it with --serving-profile \(w.name)\n"
    } else {
      text += "\nnot written: give --name NAME to save the fitted profile (into serving_profiles.yaml, or --write FILE)\n"
    }
    return text
  }

  static func loss(_ v: Double) -> String { v.isFinite ? String(format: "%.4f", v) : "∞" }

  /// The loss as an RMS relative error: √(loss / Σ weights), as a percentage of e^x − 1.
  func rms(_ loss: Double) -> String {
    let weights = objective.terms.map(\.weight).reduce(0, +)
    guard loss.isFinite, weights > 0 else { return "–" }
    return String(format: "%.1f %%", (Foundation.exp((loss / weights).squareRoot()) - 1) * 100)
  }

  // MARK: JSON

  struct Document: Encodable {
    struct Parameter: Encodable { var name: String; var start: Double; var fitted: Double }
    struct Metric: Encodable {
      var metric: String
      var measured: Double?
      var before: Double?
      var after: Double?
      var beforeErrorPercent: Double?
      var afterErrorPercent: Double?
      enum CodingKeys: String, CodingKey {
        case metric, measured, before, after, beforeErrorPercent = "before_error_percent", afterErrorPercent = "after_error_percent"
      }
    }
    struct File: Encodable { var file: String; var metrics: [Metric] }
    struct WrittenProfile: Encodable { var path: String; var name: String; var line: Int; var replaced: Bool }
    var startProfile: String
    var profile: String
    var parameters: [Parameter]
    var objective: [String: Double]
    var lossBefore: Double
    var lossAfter: Double
    var evaluations: Int
    var files: [File]
    var written: WrittenProfile?
    enum CodingKeys: String, CodingKey {
      case startProfile = "start_profile", profile, parameters, objective, lossBefore = "loss_before", lossAfter = "loss_after"
      case evaluations, files, written
    }
  }

  func document() -> Document {
    let files = inputs.items.enumerated().map { i, item in
      Document.File(file: item.target.name, metrics: BenchmarkMetric.allCases.map { m in
        let b = fit.before[i].comparison(m), a = fit.after[i].comparison(m)
        return Document.Metric(metric: m.rawValue, measured: b?.measured, before: b?.predicted, after: a?.predicted,
                               beforeErrorPercent: b?.signedErrorPercent, afterErrorPercent: a?.signedErrorPercent)
      })
    }
    let written = self.written.map { w -> Document.WrittenProfile in
      switch w.placement {
      case .replaced(let n): return .init(path: w.path, name: w.name, line: n, replaced: true)
      case .inserted(let n): return .init(path: w.path, name: w.name, line: n, replaced: false)
      }
    }
    return Document(startProfile: fit.start.name, profile: fit.fitted.name,
                    parameters: fit.parameters.map { .init(name: $0.rawValue, start: fit.start[keyPath: $0.keyPath], fitted: fit.fitted[keyPath: $0.keyPath]) },
                    objective: Dictionary(objective.terms.map { ($0.metric.rawValue, $0.weight) }, uniquingKeysWith: +),
                    lossBefore: fit.lossBefore, lossAfter: fit.lossAfter, evaluations: fit.evaluations, files: files,
                    written: written)
  }
}

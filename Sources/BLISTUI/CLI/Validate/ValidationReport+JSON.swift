import BLISSim

/// The `--json` / `--results-path` form of a validation.
extension ValidationReport {
  struct Document: Encodable {
    var definitions: [String: String]
    var files: [File]
    var aggregate: [Aggregate]
  }

  struct File: Encodable {
    var file: String
    var modelID: String?
    var requests: Int
    var simulatedCompleted: Int
    var deployment: Deployment
    var metrics: [Metric]
    var notes: [String]
    enum CodingKeys: String, CodingKey {
      case file, modelID = "model_id", requests, simulatedCompleted = "simulated_completed", deployment, metrics, notes
    }
  }

  struct Deployment: Encodable {
    var model: String
    var hardware: String
    var tp: Int
    var instances: Int
    var latencyModel: String
    var servingProfile: String
    /// The per-file settings given as FILE@key=value.
    var fileSettings: String?
    enum CodingKeys: String, CodingKey {
      case model, hardware, tp, instances, latencyModel = "latency_model", servingProfile = "serving_profile"
      case fileSettings = "file_settings"
    }
  }

  struct Metric: Encodable {
    var metric: String
    var label: String
    var unit: String
    var measured: Double?
    var predicted: Double?
    var errorPercent: Double?
    enum CodingKeys: String, CodingKey {
      case metric, label, unit, measured, predicted, errorPercent = "error_percent"
    }
  }

  struct Aggregate: Encodable {
    var metric: String
    var meanAbsoluteErrorPercent: Double?
    var meanSignedErrorPercent: Double?
    var files: Int
    enum CodingKeys: String, CodingKey {
      case metric, meanAbsoluteErrorPercent = "mean_abs_error_percent", meanSignedErrorPercent = "mean_signed_error_percent"
      case files
    }
  }

  func document() -> Document {
    var definitions: [String: String] = [:]
    for quantity in BenchmarkMetric.Quantity.allCases {
      definitions[quantity.rawValue.replacingOccurrences(of: " ", with: "_").lowercased()] = quantity.definition
    }
    definitions["median_p99"] = "linear interpolation between order statistics (np.percentile); predicted ITL median/p99 from the simulator's pooled gap histogram (within 0.4 %)"
    definitions["error_percent"] = "(predicted / measured − 1) × 100"
    let files = entries.map { e -> File in
      let s = e.plan.settings
      let deployment = Deployment(model: s.model, hardware: e.plan.deployment.hardware.name, tp: s.tensorParallelism,
                                  instances: s.engine.instances, latencyModel: e.plan.kind.rawValue,
                                  servingProfile: e.plan.deployment.servingProfile.name,
                                  fileSettings: e.target.settings.isEmpty ? nil : e.target.settingsText)
      let metrics = e.validation.comparisons.map {
        Metric(metric: $0.metric.rawValue, label: $0.metric.label, unit: $0.metric.unit, measured: $0.measured,
               predicted: $0.predicted, errorPercent: $0.signedErrorPercent)
      }
      return File(file: e.validation.source, modelID: e.validation.modelID, requests: e.validation.requests,
                  simulatedCompleted: e.validation.simulatedCompleted, deployment: deployment, metrics: metrics,
                  notes: e.validation.notes)
    }
    let aggregate = self.aggregate.rows.map {
      Aggregate(metric: $0.metric.rawValue, meanAbsoluteErrorPercent: $0.meanAbsoluteErrorPercent,
                meanSignedErrorPercent: $0.meanSignedErrorPercent, files: $0.files)
    }
    return Document(definitions: definitions, files: files, aggregate: aggregate)
  }
}

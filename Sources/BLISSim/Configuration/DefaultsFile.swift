import Foundation
import Yams

/// `defaults.yaml`: default deployments per model and the trained blackbox coefficient rows.
public struct DefaultsFile: Sendable, Equatable {
  /// Default deployment of a model when flags are omitted.
  public struct Deployment: Sendable, Equatable, Codable {
    public var gpu: String
    public var tensorParallelism: Int
    public var vllmVersion: String?
    /// HuggingFace repository id, case-sensitive (e.g. `meta-llama/Llama-3.1-8B-Instruct`).
    public var hfRepo: String?
    enum CodingKeys: String, CodingKey {
      case gpu = "GPU", tensorParallelism = "tensor_parallelism", vllmVersion = "vllm_version", hfRepo = "hf_repo"
    }
  }

  /// One trained coefficient row.
  public struct CoefficientRow: Sendable, Equatable, Codable {
    public var id: String
    public var gpu: String
    public var tensorParallelism: Int
    public var vllmVersion: String?
    public var alphaCoeffs: [Double]
    public var betaCoeffs: [Double]
    public var totalKVBlocks: Int?
    /// Where the row came from (free text), optional.
    public var source: String?
    enum CodingKeys: String, CodingKey {
      case id, gpu = "GPU", tensorParallelism = "tensor_parallelism", vllmVersion = "vllm_version"
      case alphaCoeffs = "alpha_coeffs", betaCoeffs = "beta_coeffs", totalKVBlocks = "total_kv_blocks", source
    }
  }

  /// Model id (lower-cased) → default deployment.
  public var defaults: [String: Deployment]
  /// Coefficient rows in file order.
  public var models: [CoefficientRow]

  public init(defaults: [String: Deployment] = [:], models: [CoefficientRow] = []) {
    var lowered: [String: Deployment] = [:]
    for (k, v) in defaults { lowered[k.lowercased()] = v }
    self.defaults = lowered; self.models = models
  }

  private struct Raw: Decodable {
    var defaults: [String: Deployment]?
    var models: [CoefficientRow]?
  }

  /// Parses the YAML text; unknown top-level keys (workloads, version, …) are ignored.
  public static func parse(_ yaml: String, source: String = "defaults.yaml") throws(DefaultsFileError) -> DefaultsFile {
    // Limits and duplicate keys first (the decoder would silently keep one of two equal keys).
    do { guard try YAMLDocument.compose(yaml) != nil else { return DefaultsFile() } } catch {
      throw DefaultsFileError(source: source, message: error.description)
    }
    do {
      let raw = try YAMLDecoder().decode(Raw.self, from: yaml)
      return DefaultsFile(defaults: raw.defaults ?? [:], models: raw.models ?? [])
    } catch {
      throw DefaultsFileError(source: source, message: Self.oneLine(error))
    }
  }

  /// The model ids this file knows, in the order that decides which one owns a bundled
  /// `model_configs/<name>/` folder (`BundledModelConfigs`): deployments (sorted), then
  /// coefficient rows (file order), lower-cased.
  public var canonicalModelIDs: [String] {
    defaults.keys.sorted() + models.map { $0.id.lowercased() }
  }

  /// The default deployment of `model` (case-insensitive id).
  public func defaultsFor(model: String) -> Deployment? { defaults[model.lowercased()] }

  /// The first row matching model id (case-insensitive), GPU and TP. The GPU matches a row's
  /// name case-insensitively or, given the hardware `catalog`, when both name the same GPU there
  /// (aliases: `A100-SXM` finds rows stored as `A100-80`).
  public func coefficients(model: String, gpu: String, tp: Int, catalog: HardwareCatalog? = nil) -> BlackboxCoefficients? {
    let id = model.lowercased(), g = gpu.lowercased()
    let canonical = catalog.flatMap { try? $0.spec(named: gpu).name }
    func sameGPU(_ name: String) -> Bool {
      name.lowercased() == g || (canonical != nil && (try? catalog?.spec(named: name).name) == canonical)
    }
    guard let row = models.first(where: { $0.id.lowercased() == id && $0.tensorParallelism == tp && sameGPU($0.gpu) })
    else { return nil }
    return BlackboxCoefficients(alpha: row.alphaCoeffs, beta: row.betaCoeffs, totalKVBlocks: row.totalKVBlocks)
  }

  private static func oneLine(_ error: Error) -> String {
    if case DecodingError.keyNotFound(let key, let ctx) = error {
      return "missing field '\(key.stringValue)' at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))"
    }
    if case DecodingError.typeMismatch(_, let ctx) = error {
      return "wrong type at \(ctx.codingPath.map(\.stringValue).joined(separator: ".")): \(ctx.debugDescription)"
    }
    return "\(error)".replacingOccurrences(of: "\n", with: " ")
  }
}

/// A `defaults.yaml` that could not be read (one line, naming the file).
public struct DefaultsFileError: Error, Equatable, CustomStringConvertible {
  public var source: String
  public var message: String
  public var description: String { "\(source): \(ErrorText.oneLine(message, limit: 300))" }
}

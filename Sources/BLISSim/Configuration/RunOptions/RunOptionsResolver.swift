import Foundation

/// Turns the command-line layer and the optional `--config` layer into `ResolvedRunOptions`:
/// for each setting the first of explicit flag > config file > defaults.yaml model row (GPU,
/// TP, vLLM version) > built-in default wins; then every value is checked. Pure apart from
/// checking that input paths exist.
public enum RunOptionsResolver {
  /// The built-in defaults (the reference's, except `arrival`: Poisson rather than the
  /// reference's constant spacing, since real traffic is not evenly spaced).
  public static let builtinDefaults: [RunOptionKey: RunOptionValue] = [
    .latencyModel: .string("blackbox"), .roofline: .bool(false), .tp: .integer(1),
    .rate: .number(1), .numRequests: .integer(100), .seed: .integer(42), .workload: .string("distribution"),
    .promptTokens: .integer(512), .promptTokensStdev: .integer(256), .promptTokensMin: .integer(2), .promptTokensMax: .integer(7000),
    .outputTokens: .integer(512), .outputTokensStdev: .integer(256), .outputTokensMin: .integer(2), .outputTokensMax: .integer(7000),
    .arrival: .string("poisson"), .arrivalCV: .number(1),
    .maxNumSeqs: .integer(256), .maxNumBatchedTokens: .integer(2048), .longPrefillTokenThreshold: .integer(0),
    .blockSize: .integer(16), .gpuMemoryUtilization: .number(0.9), .enablePrefixCaching: .bool(true),
    .numInstances: .integer(1), .routingPolicy: .string("round-robin"), .json: .bool(false), .quiet: .bool(false),
  ]

  /// Resolves and validates. `file` is the parsed `--config` layer, if any.
  public static func resolve(flags: RunOptionLayer, file: RunOptionLayer? = nil,
                             context: RunOptionsContext = RunOptionsContext()) throws(RunOptionsError) -> ResolvedRunOptions {
    var layers = [try foldRoofline(flags)]
    if let file { layers.append(try foldRoofline(file)) }
    var merge = Merge(layers: layers, defaultsLayer: RunOptionLayer(origin: .flags), context: context)
    if let defaultModel = context.defaultModel { merge.builtinModel = defaultModel }

    guard let modelEntry = merge.entry(.model) else {
      throw .missingRequired(flag: "--model", hint: " (a model id such as meta-llama/llama-3.1-8b-instruct)")
    }
    let model = try merge.string(.model)!.trimmingCharacters(in: .whitespaces)
    if let problem = ModelIdentifier.problem(with: model) {
      throw .invalidValue(place: modelEntry.place, value: model,
                          allowed: "a model id 'name' or 'owner/name' of letters, digits, '.', '_' and '-' (\(problem))")
    }
    let row = context.modelDefaults[model.lowercased()]
    var defaultsLayer = RunOptionLayer(origin: .flags)
    defaultsLayer.set(.hardware, row?.gpu.map(RunOptionValue.string))
    defaultsLayer.set(.tp, row?.tensorParallelism.map(RunOptionValue.integer))
    defaultsLayer.set(.vllmVersion, row?.vllmVersion.map(RunOptionValue.string))
    merge.defaultsLayer = defaultsLayer
    merge.modelName = model

    return try merge.build(model: model, hfRepo: row?.hfRepo, configFile: file.flatMap { layer in
      if case .file(let path) = layer.origin { return URL(fileURLWithPath: path) } else { return nil }
    })
  }

  /// `--roofline` is `--latency-model roofline`; within one layer the two must agree.
  static func foldRoofline(_ layer: RunOptionLayer) throws(RunOptionsError) -> RunOptionLayer {
    guard case .bool(true)? = layer[.roofline] else { return layer }
    var folded = layer
    if let chosen = layer[.latencyModel] {
      guard chosen.description.lowercased() == "roofline" else {
        throw .conflict(message: "\(layer.placeName(.roofline)) and \(layer.placeName(.latencyModel)) \(chosen) disagree; use one of them")
      }
    } else {
      folded.set(.latencyModel, .string("roofline"), line: layer.lines[.roofline])
    }
    return folded
  }
}

/// One setting after precedence: its value, source, how messages name it, and the folder that
/// relative paths in it are resolved against.
struct MergedEntry {
  var value: RunOptionValue
  var source: RunOptionSource
  var place: String
  var baseDirectory: URL
}

/// The precedence lookup and the typed, validated accessors.
struct Merge {
  var layers: [RunOptionLayer]
  var defaultsLayer: RunOptionLayer
  var context: RunOptionsContext
  var modelName = ""
  /// `RunOptionsContext.defaultModel`, used as the built-in model when neither flag nor file names one.
  var builtinModel: String?

  func entry(_ key: RunOptionKey) -> MergedEntry? {
    for layer in layers {
      guard let value = layer[key] else { continue }
      switch layer.origin {
      case .flags:
        return MergedEntry(value: value, source: .flag, place: key.flag, baseDirectory: context.currentDirectory)
      case .file(let path):
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        return MergedEntry(value: value, source: .configFile, place: layer.placeName(key), baseDirectory: folder)
      }
    }
    if let value = defaultsLayer[key] {
      return MergedEntry(value: value, source: .modelDefaults, place: "\(key.flag) (defaults.yaml entry for \(modelName))",
                         baseDirectory: context.currentDirectory)
    }
    if key == .model, let builtinModel {
      return MergedEntry(value: .string(builtinModel), source: .builtin, place: "--model (built-in default)",
                         baseDirectory: context.currentDirectory)
    }
    if let value = RunOptionsResolver.builtinDefaults[key] {
      return MergedEntry(value: value, source: .builtin, place: "\(key.flag) (built-in default)", baseDirectory: context.currentDirectory)
    }
    return nil
  }

  /// True when the user (flag or file) set `key`.
  func isExplicit(_ key: RunOptionKey) -> Bool {
    guard let source = entry(key)?.source else { return false }
    return source == .flag || source == .configFile
  }

  func place(_ key: RunOptionKey) -> String { entry(key)?.place ?? key.flag }

  func invalid(_ key: RunOptionKey, _ allowed: String) -> RunOptionsError {
    let entry = entry(key)
    return .invalidValue(place: entry?.place ?? key.flag, value: entry?.value.description ?? "", allowed: allowed)
  }

  func string(_ key: RunOptionKey) throws(RunOptionsError) -> String? {
    guard let entry = entry(key) else { return nil }
    guard case .string(let text) = entry.value else { throw invalid(key, "a name") }
    guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw invalid(key, "a non-empty name") }
    return text
  }

  func integer(_ key: RunOptionKey, _ allowed: String, _ isValid: (Int) -> Bool) throws(RunOptionsError) -> Int? {
    guard let entry = entry(key) else { return nil }
    guard case .integer(let value) = entry.value, isValid(value) else { throw invalid(key, allowed) }
    return value
  }

  func number(_ key: RunOptionKey, _ allowed: String, _ isValid: (Double) -> Bool) throws(RunOptionsError) -> Double? {
    guard let entry = entry(key) else { return nil }
    let value: Double
    switch entry.value {
    case .number(let number): value = number
    case .integer(let integer): value = Double(integer)
    default: throw invalid(key, allowed)
    }
    guard value.isFinite, isValid(value) else { throw invalid(key, allowed) }
    return value
  }

  func bool(_ key: RunOptionKey) throws(RunOptionsError) -> Bool {
    guard let entry = entry(key) else { return false }
    guard case .bool(let value) = entry.value else { throw invalid(key, "true or false") }
    return value
  }

  func choice(_ key: RunOptionKey) throws(RunOptionsError) -> String? {
    guard let text = try string(key)?.lowercased(), case .choice(let allowed) = key.kind else { return nil }
    guard allowed.contains(text) else { throw invalid(key, "one of " + allowed.joined(separator: ", ")) }
    return text
  }

  /// A name checked against `known` (unchecked when `known` is empty).
  func knownName(_ key: RunOptionKey, known: [String], what: String) throws(RunOptionsError) -> String? {
    guard let text = try string(key) else { return nil }
    guard !known.isEmpty, !known.contains(where: { $0.lowercased() == text.lowercased() }) else {
      return known.first(where: { $0.lowercased() == text.lowercased() }) ?? text
    }
    let suggester = NameSuggester(candidates: known)
    throw invalid(key, "a known \(what): \(suggester.knownList())\(suggester.didYouMean(text))")
  }

  static let coefficientsAllowed = "at least 3 comma-separated numbers in [0, 1e9], e.g. 6910.4,17.67,2.84"

  func coefficients(_ key: RunOptionKey) throws(RunOptionsError) -> [Double]? {
    guard let entry = entry(key) else { return nil }
    var values: [Double] = []
    switch entry.value {
    case .numbers(let numbers): values = numbers
    case .string(let text):
      for part in text.split(separator: ",", omittingEmptySubsequences: false) {
        guard let number = Double(part.trimmingCharacters(in: .whitespaces)) else { throw invalid(key, Self.coefficientsAllowed) }
        values.append(number)
      }
    default: throw invalid(key, Self.coefficientsAllowed)
    }
    guard values.count >= 3, values.allSatisfy({ $0.isFinite && $0 >= 0 && $0 <= 1e9 }) else { throw invalid(key, Self.coefficientsAllowed) }
    return values
  }

  /// A path resolved against the entry's base folder (`~` expanded), checked for `kind`.
  func path(_ key: RunOptionKey) throws(RunOptionsError) -> URL? {
    guard let entry = entry(key), let raw = try string(key) else { return nil }
    let expanded = (raw as NSString).expandingTildeInPath
    let url = expanded.hasPrefix("/")
      ? URL(fileURLWithPath: expanded)
      : entry.baseDirectory.appendingPathComponent(expanded)
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: url.path, isDirectory: &isDirectory)
    switch key.kind {
    case .inputFile:
      guard exists, !isDirectory.boolValue else { throw invalid(key, "an existing file (\(url.path) \(exists ? "is a folder" : "does not exist"))") }
    case .inputFolder:
      guard exists, isDirectory.boolValue else { throw invalid(key, "an existing folder (\(url.path) \(exists ? "is a file" : "does not exist"))") }
    case .outputFile:
      do { try AtomicFileWriter.checkWritable(url) } catch { throw .outputPath(place: entry.place, error: error) }
    default: break
    }
    return url.standardizedFileURL
  }
}

import Foundation
import Testing
@testable import BLISSim

/// Validation standing in for ModelConfig parsing: JSON object with `hidden_size`.
private struct NotAModelConfig: Error, CustomStringConvertible {
  var description: String
}

private func validateConfig(_ data: Data) throws {
  let object = try JSONSerialization.jsonObject(with: data)
  guard let fields = object as? [String: Any], fields["hidden_size"] != nil else {
    throw NotAModelConfig(description: "missing hidden_size")
  }
}

private let validConfig = #"{"hidden_size": 4096, "num_hidden_layers": 32, "num_attention_heads": 32}"#
private let secretToken = "hf_SeCrEt_do_not_print_42"

/// A fresh empty data directory, removed by the caller.
private func makeDataDirectory() throws -> URL {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("blis-resolver-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  return url
}

private func resolver(_ data: URL, _ server: LoopbackHTTPServer?, token: String? = secretToken,
                      timeoutSeconds: Double = 10, maxBodyBytes: Int = 10 << 20) -> ModelConfigResolver {
  let endpoint = server?.baseURL ?? URL(string: "http://127.0.0.1:1")!
  return ModelConfigResolver(dataDirectory: data, hub: HuggingFaceHub(endpoint: endpoint, token: token),
                             timeoutSeconds: timeoutSeconds, maxBodyBytes: maxBodyBytes)
}

/// Files under `model_configs/` (relative paths), to prove nothing partial was left behind.
private func cachedFiles(_ data: URL) -> [String] {
  let root = data.appendingPathComponent("model_configs")
  guard let walker = FileManager.default.enumerator(atPath: root.path) else { return [] }
  return walker.compactMap { $0 as? String }.filter { path in
    var isDirectory: ObjCBool = false
    let exists = FileManager.default.fileExists(atPath: root.appendingPathComponent(path).path, isDirectory: &isDirectory)
    return exists && !isDirectory.boolValue
  }.sorted()
}

private func resolutionError(_ body: () throws -> ResolvedModelConfigFile) -> ModelConfigResolutionError? {
  do { _ = try body(); return nil } catch let error as ModelConfigResolutionError { return error } catch { return nil }
}

@Suite struct ModelConfigFetchTests {
  @Test func fetchWritesTheCacheAndTheSecondRunNeedsNoNetwork() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { _ in .json(validConfig) }
    defer { server.stop() }

    let first = try resolver(data, server).resolve(model: "meta-llama/Llama-3.1-8B-Instruct", validate: validateConfig)
    let expectedFile = data.appendingPathComponent("model_configs/meta-llama/llama-3.1-8b-instruct/config.json")
    #expect(first.fileURL.standardizedFileURL == expectedFile.standardizedFileURL)
    #expect(first.origin == .fetched(from: URL(string: "\(server.baseURL.absoluteString)/meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json")!))
    #expect(try Data(contentsOf: expectedFile) == Data(validConfig.utf8))
    #expect(cachedFiles(data) == ["meta-llama/llama-3.1-8b-instruct/config.json"], "no temporary files left next to the cache")

    let requests = server.requests
    #expect(requests.count == 1)
    #expect(requests.first?.method == "GET")
    #expect(requests.first?.path == "/meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json")
    #expect(requests.first?.headers["authorization"] == "Bearer \(secretToken)")

    server.stop()
    let second = try resolver(data, server).resolve(model: "meta-llama/Llama-3.1-8B-Instruct", validate: validateConfig)
    #expect(second.origin == .localCache)
    #expect(second.fileURL.standardizedFileURL == expectedFile.standardizedFileURL)
    #expect(server.requests.count == 1)
  }

  @Test func noTokenMeansNoAuthorizationHeader() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { _ in .json(validConfig) }
    defer { server.stop() }
    _ = try resolver(data, server, token: nil).resolve(model: "org/model", validate: validateConfig)
    #expect(server.requests.count == 1)
    #expect(server.requests.first?.headers["authorization"] == nil)
  }

  @Test func hfRepoFromDefaultsIsFetchedButCachedUnderTheModelName() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { _ in .json(validConfig) }
    defer { server.stop() }
    let resolved = try resolver(data, server).resolve(model: "qwen-7b", hfRepo: "Qwen/Qwen2.5-7B", validate: validateConfig)
    #expect(server.requests.first?.path == "/Qwen/Qwen2.5-7B/resolve/main/config.json")
    #expect(resolved.fileURL.path.hasSuffix("model_configs/qwen-7b/config.json"))
  }

  @Test(arguments: [401, 403])
  func gatedModel(status: Int) throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { _ in .json(#"{"error":"Access to model is restricted"}"#, status: status) }
    defer { server.stop() }
    let error = resolutionError { try resolver(data, server).resolve(model: "meta-llama/Llama-3.1-8B", validate: validateConfig) }
    #expect(error == .gated(repo: "meta-llama/Llama-3.1-8B", statusCode: status))
    let text = error.map(String.init(describing:)) ?? ""
    #expect(text.hasPrefix("gated model: set HF_TOKEN"))
    #expect(!text.contains(secretToken))
    #expect(!text.contains("\n"))
    #expect(server.requests.first?.headers["authorization"] == "Bearer \(secretToken)")
    #expect(cachedFiles(data).isEmpty)
  }

  @Test func notFound() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { _ in .json(#"{"error":"Repository not found"}"#, status: 404) }
    defer { server.stop() }
    let error = resolutionError { try resolver(data, server).resolve(model: "nobody/no-such-model", validate: validateConfig) }
    guard case .notFoundOnHub(let repo, _) = error else {
      Issue.record("expected notFoundOnHub, got \(String(describing: error))")
      return
    }
    #expect(repo == "nobody/no-such-model")
    let text = String(describing: error!)
    #expect(text.hasPrefix("no such model on the hub: nobody/no-such-model"))
    #expect(!text.contains(secretToken))
    #expect(cachedFiles(data).isEmpty)
  }

  @Test(arguments: ["{not json", #"{"vocab_size": 1}"#, ""])
  func malformedBodyNamesTheURLAndIsNotCached(body: String) throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { _ in .json(body) }
    defer { server.stop() }
    let error = resolutionError { try resolver(data, server).resolve(model: "org/broken", validate: validateConfig) }
    guard case .malformedDownload(let url, let reason) = error else {
      Issue.record("expected malformedDownload, got \(String(describing: error))")
      return
    }
    #expect(url == "\(server.baseURL.absoluteString)/org/broken/resolve/main/config.json")
    #expect(!reason.isEmpty)
    let text = String(describing: error!)
    #expect(text.contains(url))
    #expect(!text.contains(secretToken))
    #expect(!text.contains("\n"))
    #expect(cachedFiles(data).isEmpty)
  }

  @Test func unreachableEndpointSuggestsTheFolderFlag() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { _ in .json(validConfig) }
    server.stop()  // the port is now closed
    let error = resolutionError { try resolver(data, server).resolve(model: "org/model", validate: validateConfig) }
    guard case .unreachable(let endpoint, _) = error else {
      Issue.record("expected unreachable, got \(String(describing: error))")
      return
    }
    #expect(endpoint == server.baseURL.absoluteString)
    let text = String(describing: error!)
    #expect(text.hasPrefix("could not reach \(server.baseURL.absoluteString)"))
    #expect(text.hasSuffix("(use --model-config-folder)"))
    #expect(!text.contains(secretToken))
  }

  @Test func silentServerTimesOut() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { _ in CannedResponse(statusCode: 200, body: Data(), hang: true) }
    defer { server.stop() }
    let error = resolutionError { try resolver(data, server, timeoutSeconds: 0.5).resolve(model: "org/slow", validate: validateConfig) }
    guard case .unreachable = error else {
      Issue.record("expected unreachable, got \(String(describing: error))")
      return
    }
    #expect(cachedFiles(data).isEmpty)
  }

  @Test func oversizedBodyIsRefused() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let padding = String(repeating: " ", count: 4096)
    let server = try LoopbackHTTPServer { _ in .json(#"{"hidden_size": 1"# + padding + "}") }
    defer { server.stop() }
    let error = resolutionError { try resolver(data, server, maxBodyBytes: 1024).resolve(model: "org/huge", validate: validateConfig) }
    guard case .bodyTooLarge(_, let limit) = error else {
      Issue.record("expected bodyTooLarge, got \(String(describing: error))")
      return
    }
    #expect(limit == 1024)
    #expect(cachedFiles(data).isEmpty)
  }
}

@Suite struct ModelConfigRedirectTests {
  @Test func sameHostRedirectIsFollowedWithTheToken() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { request in
      request.path.hasPrefix("/moved/")
        ? .json(validConfig)
        : CannedResponse(statusCode: 307, body: Data(), extraHeaders: [("Location", "/moved/config.json")])
    }
    defer { server.stop() }
    let resolved = try resolver(data, server).resolve(model: "old-org/model", validate: validateConfig)
    #expect(resolved.fileURL.path.hasSuffix("model_configs/old-org/model/config.json"))
    let requests = server.requests
    #expect(requests.map(\.path) == ["/old-org/model/resolve/main/config.json", "/moved/config.json"])
    #expect(requests.last?.headers["authorization"] == "Bearer \(secretToken)")
  }

  @Test func redirectToAnotherHostIsRefused() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { request in
      CannedResponse(statusCode: 302, body: Data(), extraHeaders: [("Location", "http://localhost:\(request.headers["host"]?.split(separator: ":").last ?? "80")/stolen")])
    }
    defer { server.stop() }
    let error = resolutionError { try resolver(data, server).resolve(model: "org/model", validate: validateConfig) }
    guard case .unreachable(_, let reason) = error else {
      Issue.record("expected unreachable, got \(String(describing: error))")
      return
    }
    #expect(reason.contains("'localhost' is not allowed"))
    #expect(server.requests.count == 1, "the redirect target was requested")
    #expect(cachedFiles(data).isEmpty)
  }
}

/// Issue 13 items 4 and 5: the cache is keyed by the whole id, a fetched config that would not
/// simulate is never cached, and a failed cache write is one line.
@Suite struct ModelConfigCacheKeyTests {
  @Test func anotherOwnersModelWithTheSameNameIsFetchedNotReused() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let server = try LoopbackHTTPServer { _ in .json(validConfig) }
    defer { server.stop() }
    let first = try resolver(data, server).resolve(model: "t/ok", validate: validateConfig)
    let second = try resolver(data, server).resolve(model: "other-org/ok", validate: validateConfig)
    #expect(server.requests.map(\.path) == ["/t/ok/resolve/main/config.json", "/other-org/ok/resolve/main/config.json"])
    #expect(first.fileURL != second.fileURL)
    #expect(cachedFiles(data) == ["other-org/ok/config.json", "t/ok/config.json"])
    #expect(try resolver(data, server).resolve(model: "T/OK", validate: validateConfig).origin == .localCache)
  }

  @Test func aBundledConfigIsNotUsedForAnotherOwner() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let bundled = data.appendingPathComponent("model_configs/llama-3.1-8b-instruct/config.json")
    try FileManager.default.createDirectory(at: bundled.deletingLastPathComponent(), withIntermediateDirectories: true)
    try Data(#"{"hidden_size": 1}"#.utf8).write(to: bundled)
    let server = try LoopbackHTTPServer { _ in .json(validConfig) }
    defer { server.stop() }
    let hub = HuggingFaceHub(endpoint: server.baseURL)
    let known = ModelConfigResolver(dataDirectory: data, hub: hub, knownModelIDs: ["meta-llama/llama-3.1-8b-instruct"])
    #expect(try known.resolve(model: "meta-llama/llama-3.1-8b-instruct", validate: validateConfig).fileURL == bundled)
    let evil = try known.resolve(model: "evil/llama-3.1-8b-instruct", validate: validateConfig)
    #expect(evil.fileURL.path.hasSuffix("model_configs/evil/llama-3.1-8b-instruct/config.json"))
    #expect(server.requests.map(\.path) == ["/evil/llama-3.1-8b-instruct/resolve/main/config.json"])
  }

  /// A config that parses as JSON but cannot be simulated (here: a hidden size no GPU could hold)
  /// is rejected by model-config validation before anything is written.
  @Test func anUnusableConfigIsNotCached() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    let unusable = #"{"num_hidden_layers": 32, "hidden_size": 1e15, "num_attention_heads": 32, "vocab_size": 1000}"#
    let server = try LoopbackHTTPServer { _ in .json(unusable) }
    defer { server.stop() }
    let error = resolutionError {
      try resolver(data, server).resolve(model: "t/huge") { _ = try ModelConfig.parse(data: $0, source: "config.json") }
    }
    guard case .malformedDownload(_, let reason) = error else {
      Issue.record("expected malformedDownload, got \(String(describing: error))")
      return
    }
    #expect(reason.contains("hidden_size"))
    #expect(cachedFiles(data).isEmpty)
  }

  @Test func aFailedCacheWriteIsOneLine() throws {
    let data = try makeDataDirectory()
    defer { try? FileManager.default.removeItem(at: data) }
    // `model_configs` is a file, so the cache folder cannot be created.
    try Data("not a folder".utf8).write(to: data.appendingPathComponent("model_configs"))
    let server = try LoopbackHTTPServer { _ in .json(validConfig) }
    defer { server.stop() }
    let error = resolutionError { try resolver(data, server).resolve(model: "t/ok", validate: validateConfig) }
    guard case .cacheWriteFailed = error else {
      Issue.record("expected cacheWriteFailed, got \(String(describing: error))")
      return
    }
    let text = String(describing: error!)
    #expect(!text.contains("\n") && !text.contains("NSError") && !text.contains("Domain="), "\(text)")
    #expect(text.hasPrefix("could not cache the fetched model config: cannot create the folder \(data.path)/model_configs"))
  }
}

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
    let expectedFile = data.appendingPathComponent("model_configs/llama-3.1-8b-instruct/config.json")
    #expect(first.fileURL.standardizedFileURL == expectedFile.standardizedFileURL)
    #expect(first.origin == .fetched(from: URL(string: "\(server.baseURL.absoluteString)/meta-llama/Llama-3.1-8B-Instruct/resolve/main/config.json")!))
    #expect(try Data(contentsOf: expectedFile) == Data(validConfig.utf8))
    #expect(cachedFiles(data) == ["llama-3.1-8b-instruct/config.json"], "no temporary files left next to the cache")

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
    #expect(resolved.fileURL.path.hasSuffix("model_configs/model/config.json"))
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

import Foundation
import Testing
@testable import BLISSim

/// A fetcher that records calls and fails the test if it is ever used.
private final class ForbiddenFetcher: HTTPFetching, @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  var calls: Int { lock.withLock { count } }
  func get(_ url: URL, headers: [String: String], timeoutSeconds: Double, maxBodyBytes: Int,
           allowedRedirectHosts: [String]) throws(HTTPFetchError) -> HTTPResponse {
    lock.withLock { count += 1 }
    throw .unreachable(reason: "network must not be used in this test")
  }
}

private func validateConfig(_ data: Data) throws {
  guard let fields = try JSONSerialization.jsonObject(with: data) as? [String: Any], fields["hidden_size"] != nil else {
    throw CocoaError(.coderReadCorrupt)
  }
}

private func withDataDirectory(_ body: (URL) throws -> Void) throws {
  let url = FileManager.default.temporaryDirectory.appendingPathComponent("blis-local-\(UUID().uuidString)")
  try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: url) }
  try body(url)
}

private func write(_ text: String, to url: URL) throws {
  try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
  try Data(text.utf8).write(to: url)
}

@Suite struct ModelConfigLocalResolutionTests {
  @Test(arguments: ["../etc/passwd", "/etc/passwd", "..", "owner/..", "owner/../../x", "a\\b", "a/b/c",
                    "a//b", "", "meta-llama/Llama 3", "~/model", "./model", "org/.", "model\tx"])
  func pathEscapingNamesAreRejectedWithoutAnyRequest(name: String) throws {
    try withDataDirectory { data in
      let fetcher = ForbiddenFetcher()
      let resolver = ModelConfigResolver(dataDirectory: data, hub: HuggingFaceHub(token: "hf_x"), fetcher: fetcher)
      do throws(ModelConfigResolutionError) {
        _ = try resolver.resolve(model: name, validate: validateConfig)
        Issue.record("'\(name)' was accepted")
      } catch {
        guard case .invalidModelName(let rejected, _) = error else {
          Issue.record("'\(name)': expected invalidModelName, got \(error)")
          return
        }
        #expect(rejected == name)
        #expect(String(describing: error).hasPrefix("--model '"))
      }
      #expect(fetcher.calls == 0, "'\(name)' caused a request")
      #expect(!FileManager.default.fileExists(atPath: data.appendingPathComponent("model_configs").path))
    }
  }

  @Test(arguments: ["../escape", "just-a-name", "a/b/c"])
  func badHubRepoFromDefaultsIsRejectedWithoutAnyRequest(repo: String) throws {
    try withDataDirectory { data in
      let fetcher = ForbiddenFetcher()
      let resolver = ModelConfigResolver(dataDirectory: data, hub: HuggingFaceHub(), fetcher: fetcher)
      #expect(throws: ModelConfigResolutionError.self) { try resolver.resolve(model: "fine-name", hfRepo: repo, validate: validateConfig) }
      #expect(fetcher.calls == 0)
    }
  }

  @Test func bareNameWithoutCacheCannotBeFetched() throws {
    try withDataDirectory { data in
      let fetcher = ForbiddenFetcher()
      let resolver = ModelConfigResolver(dataDirectory: data, hub: HuggingFaceHub(), fetcher: fetcher)
      #expect(throws: ModelConfigResolutionError.notCachedAndNotARepo(
        model: "my-custom-model", cachePath: data.appendingPathComponent("model_configs/my-custom-model/config.json").path)) {
        try resolver.resolve(model: "my-custom-model", validate: validateConfig)
      }
      #expect(fetcher.calls == 0)
    }
  }

  @Test func explicitFolderWinsOverTheCache() throws {
    try withDataDirectory { data in
      let folder = data.appendingPathComponent("mine")
      try write(#"{"hidden_size": 1}"#, to: folder.appendingPathComponent("config.json"))
      try write(#"{"hidden_size": 2}"#, to: data.appendingPathComponent("model_configs/model/config.json"))
      let resolver = ModelConfigResolver(dataDirectory: data, hub: HuggingFaceHub(), fetcher: ForbiddenFetcher())
      let resolved = try resolver.resolve(model: "org/model", modelConfigFolder: folder, validate: validateConfig)
      #expect(resolved == ResolvedModelConfigFile(fileURL: folder.appendingPathComponent("config.json"), origin: .folder))
    }
  }

  @Test func folderWithoutConfigIsAnError() throws {
    try withDataDirectory { data in
      let resolver = ModelConfigResolver(dataDirectory: data, hub: HuggingFaceHub(), fetcher: ForbiddenFetcher())
      #expect(throws: ModelConfigResolutionError.folderMissingConfig(folder: data.path)) {
        try resolver.resolve(model: "org/model", modelConfigFolder: data, validate: validateConfig)
      }
    }
  }

  @Test func cacheIsFoundByTheNestedFullIDAsGivenOrLowerCased() throws {
    try withDataDirectory { data in
      let fetcher = ForbiddenFetcher()
      let resolver = ModelConfigResolver(dataDirectory: data, hub: HuggingFaceHub(), fetcher: fetcher)
      let nested = data.appendingPathComponent("model_configs/Meta-Llama/Llama-3.1-8B/config.json")
      try write(#"{"hidden_size": 1}"#, to: nested)
      let viaNested = try resolver.resolve(model: "Meta-Llama/Llama-3.1-8B", validate: validateConfig)
      #expect(viaNested == ResolvedModelConfigFile(fileURL: nested, origin: .localCache))
      let lowered = data.appendingPathComponent("model_configs/org/model/config.json")
      try write(#"{"hidden_size": 2}"#, to: lowered)
      let viaLowered = try resolver.resolve(model: "Org/Model", validate: validateConfig)
      #expect(viaLowered == ResolvedModelConfigFile(fileURL: lowered, origin: .localCache))
      #expect(fetcher.calls == 0)
    }
  }

  /// A flat bundled folder answers for the id that owns it (and the bare name) only: another
  /// owner's model with the same last part is a different model and must not get its config.
  @Test func aBundledFolderServesOnlyItsOwnerAndTheBareName() throws {
    try withDataDirectory { data in
      let flat = data.appendingPathComponent("model_configs/llama-3.1-8b-instruct/config.json")
      try write(#"{"hidden_size": 1}"#, to: flat)
      let known = ["meta-llama/llama-3.1-8b-instruct"]
      let fetcher = ForbiddenFetcher()
      let resolver = ModelConfigResolver(dataDirectory: data, hub: HuggingFaceHub(), fetcher: fetcher, knownModelIDs: known)
      for owner in ["meta-llama/llama-3.1-8b-instruct", "Meta-Llama/Llama-3.1-8B-Instruct", "llama-3.1-8b-instruct"] {
        #expect(try resolver.resolve(model: owner, validate: validateConfig).fileURL == flat, "\(owner)")
      }
      #expect(fetcher.calls == 0)
      #expect(!resolver.hasLocalConfig(model: "evil/llama-3.1-8b-instruct"))
      #expect(throws: ModelConfigResolutionError.self) { try resolver.resolve(model: "evil/llama-3.1-8b-instruct", validate: validateConfig) }
      #expect(fetcher.calls == 1, "evil/… is fetched from the hub as its own repo")
      let unknown = ModelConfigResolver(dataDirectory: data, hub: HuggingFaceHub(), fetcher: ForbiddenFetcher())
      #expect(!unknown.hasLocalConfig(model: "meta-llama/llama-3.1-8b-instruct"), "no data files: the folder has no owner")
      #expect(unknown.hasLocalConfig(model: "llama-3.1-8b-instruct"))
    }
  }

  @Test func malformedCachedConfigNamesItsPath() throws {
    try withDataDirectory { data in
      let file = data.appendingPathComponent("model_configs/org/model/config.json")
      try write(#"{"hidden_size": 4096, "#, to: file)
      let resolver = ModelConfigResolver(dataDirectory: data, hub: HuggingFaceHub(), fetcher: ForbiddenFetcher())
      do throws(ModelConfigResolutionError) {
        _ = try resolver.resolve(model: "org/model", validate: validateConfig)
        Issue.record("truncated config accepted")
      } catch {
        guard case .malformedLocalConfig(let path, _) = error else { Issue.record("got \(error)"); return }
        #expect(path == file.path)
        #expect(String(describing: error).contains(file.path))
      }
    }
  }

  @Test func hubSettingsFromEnvironment() throws {
    let hub = try HuggingFaceHub(environment: ["HF_ENDPOINT": "http://mirror.example:8080/", "HF_TOKEN": "hf_abc"])
    #expect(hub.endpoint.absoluteString == "http://mirror.example:8080")
    #expect(hub.token == "hf_abc")
    #expect(!hub.description.contains("hf_abc"))
    #expect(!String(reflecting: hub).contains("hf_abc"))
    #expect(hub.configURL(repo: ModelIdentifier("a/b")!).absoluteString == "http://mirror.example:8080/a/b/resolve/main/config.json")

    let defaults = try HuggingFaceHub(environment: ["HF_TOKEN": ""])
    #expect(defaults.endpoint == HuggingFaceHub.defaultEndpoint)
    #expect(defaults.token == nil)
    #expect(throws: ModelConfigResolutionError.invalidEndpoint("ftp://x")) { try HuggingFaceHub(environment: ["HF_ENDPOINT": "ftp://x"]) }
  }
}

import BLISSim
import Foundation

/// An `HTTPFetching` that never touches the network: the planner resolves model configs from
/// disk only, so neither the UI thread nor the simulation thread can stall on a download. The
/// launch model is fetched (if needed) before the screen starts, by `PlannerEnvironment`.
struct OfflineFetcher: HTTPFetching {
  static let reason = "the planner does not download model configs while it runs"

  func get(_ url: URL, headers: [String: String], timeoutSeconds: Double, maxBodyBytes: Int,
           allowedRedirectHosts: [String]) throws(HTTPFetchError) -> HTTPResponse {
    throw .unreachable(reason: Self.reason)
  }
}

extension ModelConfigResolver {
  /// The same resolver, reading only local configs (bundled, cached, or `--model-config-folder`).
  var offline: ModelConfigResolver {
    with(fetcher: OfflineFetcher())
  }
}

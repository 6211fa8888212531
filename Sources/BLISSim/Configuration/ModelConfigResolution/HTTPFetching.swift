import Foundation

/// A finished HTTP GET: final status and body (at most the caller's byte limit).
public struct HTTPResponse: Sendable, Equatable {
  public var statusCode: Int
  public var body: Data
  public init(statusCode: Int, body: Data) {
    self.statusCode = statusCode
    self.body = body
  }
}

/// Why an HTTP GET produced no response. Descriptions never contain request headers.
public enum HTTPFetchError: Error, Equatable, Sendable {
  /// Connection refused, DNS failure, timeout, TLS failure, …; `reason` is one line.
  case unreachable(reason: String)
  /// The body exceeded the byte limit; the transfer was cancelled.
  case bodyTooLarge(limitBytes: Int)
  /// A redirect pointed somewhere not allowed (another host, or too many hops).
  case redirectRefused(reason: String)
}

/// The one network seam: a blocking HTTP GET. The production conformer is `URLSessionFetcher`;
/// tests may substitute their own.
public protocol HTTPFetching: Sendable {
  /// GETs `url` with `headers`, giving up after `timeoutSeconds` and once the body exceeds
  /// `maxBodyBytes`. Redirects are followed only within `allowedRedirectHosts` (exact host or
  /// a `.`-suffix match such as `.huggingface.co`), at most 3 hops, and the `Authorization`
  /// header is dropped when a redirect leaves the original host.
  func get(_ url: URL, headers: [String: String], timeoutSeconds: Double, maxBodyBytes: Int,
           allowedRedirectHosts: [String]) throws(HTTPFetchError) -> HTTPResponse
}

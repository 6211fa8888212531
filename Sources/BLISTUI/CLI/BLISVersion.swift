/// The version of `blis` (`blis --version`; written into the planner's exports).
enum BLISVersion {
  static let current = "0.12.0"
}

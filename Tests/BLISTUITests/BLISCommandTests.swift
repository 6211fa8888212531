import Testing
@testable import BLISTUI

@Test func rootCommandIsNamedBlis() {
  #expect(BLISCommand.configuration.commandName == "blis")
}

import Foundation
import Testing
@testable import Manifest

/// `ProjectConfiguration.selectWorkspace(named:)`: the one choice of workspace, for the loader and for export.
@Suite struct WorkspaceSelectionTests {
    private func configuration(_ projectFile: String) throws -> (TestProject, ProjectConfiguration) {
        let p = try TestProject(files: ["brazeform.yaml": projectFile])
        var diagnostics = Diagnostics()
        let file = p.root.appendingPathComponent("brazeform.yaml").path
        let configuration = try #require(ProjectConfigurationLoader.load(file: file, displayPath: "brazeform.yaml", diagnostics: &diagnostics))
        return (p, configuration)
    }

    @Test func namedDefaultOrOnlyWorkspace() throws {
        let (_, standard) = try configuration(TestProject.standardProjectFile)
        #expect(try standard.selectWorkspace(named: "production").get().name == "production")
        #expect(try standard.selectWorkspace(named: nil).get().name == "sandbox", "default_workspace")
        let (_, single) = try configuration("version: 1\nworkspaces: {only: {sandbox: true}}\n")
        #expect(try single.selectWorkspace(named: nil).get().name == "only")
    }

    @Test func unknownNameListsTheWorkspaces() throws {
        let (_, standard) = try configuration(TestProject.standardProjectFile)
        let error = WorkspaceSelectionError.unknownWorkspace(name: "prod", workspaces: ["sandbox", "production"], file: "brazeform.yaml")
        #expect(standard.selectWorkspace(named: "prod") == .failure(error))
        #expect(error.message == "no workspace named 'prod' in brazeform.yaml (did you mean 'production'?); workspaces: sandbox, production")
    }

    @Test func severalWorkspacesAndNoDefaultAskForOne() throws {
        let (_, two) = try configuration("version: 1\nworkspaces: {a: {sandbox: true}, b: {sandbox: true}}\n")
        let result = two.selectWorkspace(named: nil)
        #expect(result == .failure(.noneChosen(workspaces: ["a", "b"], file: "brazeform.yaml")))
        if case .failure(let error) = result {
            #expect(error.message == "choose a workspace with -w (a, b) or set default_workspace in brazeform.yaml")
        }
    }
}

import Foundation
import Testing
@testable import Manifest

/// The committed schema/ files must be exactly what the loader's field tables
/// generate. To update them after changing a table, run
/// `BRAZEFORM_RECORD_SCHEMA=1 swift test --filter SchemaTests` (that run fails on purpose).
@Suite struct SchemaTests {
    static let schemaFolder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("schema")

    @Test func committedSchemasMatchTheLoadersFieldTables() throws {
        let generated = SchemaGenerator.schemas()
        if ProcessInfo.processInfo.environment["BRAZEFORM_RECORD_SCHEMA"] == "1" {
            for (name, text) in generated {
                try text.write(to: Self.schemaFolder.appendingPathComponent(name), atomically: true, encoding: .utf8)
            }
            Issue.record("schemas recorded in \(Self.schemaFolder.path); run again without BRAZEFORM_RECORD_SCHEMA")
            return
        }
        let committed = try FileManager.default.contentsOfDirectory(atPath: Self.schemaFolder.path).filter { $0.hasSuffix(".schema.json") }
        #expect(Set(committed) == Set(generated.keys), "schema/ holds exactly the generated files")
        for (name, text) in generated {
            let onDisk = try String(contentsOf: Self.schemaFolder.appendingPathComponent(name), encoding: .utf8)
            #expect(onDisk == text, "schema/\(name) is out of date: re-record it")
        }
    }

    @Test func schemasDescribeEveryFieldTheLoaderAccepts() throws {
        for kind in ResourceKind.allCases {
            let schema = SchemaGenerator.kindSchema(kind)
            let properties = try #require(schema["properties"] as? [String: Any])
            #expect(Set(properties.keys) == Set(FieldTables.fields(of: kind).map(\.name)))
            #expect(schema["additionalProperties"] as? Bool == false, "unknown fields are errors in the loader, so in the schema too")
        }
        let project = try #require(SchemaGenerator.projectSchema()["properties"] as? [String: Any])
        #expect(Set(project.keys) == ["version", "manifests", "default_workspace", "prune", "workspaces", "ignore"])
    }
}

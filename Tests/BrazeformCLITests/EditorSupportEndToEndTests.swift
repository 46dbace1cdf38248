import Foundation
import Testing

/// Issue 11, editor support: `brazeform schema`, and the schemas, modelines and VS Code
/// mapping that `init` (and export) write into a project.
@Suite struct EditorSupportEndToEndTests {
    static let repositorySchemas = CLIRunner.packageRoot.appendingPathComponent("schema")

    static func committedSchemaNames() throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: repositorySchemas.path).filter { $0.hasSuffix(".schema.json") }.sorted()
    }

    static func committed(_ name: String) throws -> Data {
        try Data(contentsOf: repositorySchemas.appendingPathComponent(name))
    }

    // MARK: brazeform schema

    @Test func schemaOutWritesExactlyTheCommittedSchemasAndSaysSo() async throws {
        let root = temporaryFolder("schema-out")
        defer { try? FileManager.default.removeItem(at: root) }
        let out = root.appendingPathComponent("nested/schema")
        let result = try await CLIRunner.runAsync(["schema", "--out", out.path])
        #expect(result.status == 0, "\(result.transcript)")
        let names = try Self.committedSchemaNames()
        #expect(names.count == 7)
        #expect(try FileManager.default.contentsOfDirectory(atPath: out.path).sorted() == names)
        for name in names {
            #expect(try Data(contentsOf: out.appendingPathComponent(name)) == Self.committed(name), "\(name) differs from schema/\(name)")
            #expect(result.stdout.contains("Wrote \(out.path)/\(name)\n"), "\(result.stdout)")
        }
    }

    @Test func schemaWithoutOutPrintsOneSchema() async throws {
        let manifest = try await CLIRunner.runAsync(["schema"])
        #expect(manifest.status == 0, "\(manifest.transcript)")
        #expect(Data(manifest.stdout.utf8) == (try Self.committed("manifest.schema.json")))
        let block = try await CLIRunner.runAsync(["schema", "content_block"])
        #expect(Data(block.stdout.utf8) == (try Self.committed("content_block.schema.json")))
        let project = try await CLIRunner.runAsync(["schema", "brazeform"])
        #expect(Data(project.stdout.utf8) == (try Self.committed("brazeform.schema.json")))

        let typo = try await CLIRunner.runAsync(["schema", "contnt_block"])
        #expect(typo.status == 64, "\(typo.transcript)")
        #expect(typo.stderr.contains("did you mean 'content_block'?"), "\(typo.stderr)")
        let both = try await CLIRunner.runAsync(["schema", "catalog", "--out", "x"])
        #expect(both.status == 64, "\(both.transcript)")
        #expect(!FileManager.default.fileExists(atPath: "x"))
    }

    @Test func anUnwritableSchemaFolderIsExitOneWithTheReason() async throws {
        let root = temporaryFolder("schema-bad")
        try FileManager.default.createDirectory(at: root, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("a-file")
        try Data("x".utf8).write(to: file)
        let result = try await CLIRunner.runAsync(["schema", "--out", file.appendingPathComponent("schema").path])
        #expect(result.status == 1, "\(result.transcript)")
        #expect(result.stderr.contains("cannot create \(file.path)/schema"), "\(result.stderr)")
        #expect(result.stderr.contains("no schema was written"), "\(result.stderr)")
        #expect(result.stdout.isEmpty)
    }

    // MARK: what init writes

    /// The `$schema=` path of a file's modeline (its first line), resolved from the file's folder.
    static func modelineSchema(of file: URL) throws -> URL? {
        let text = try String(contentsOf: file, encoding: .utf8)
        let first = text.split(separator: "\n", maxSplits: 1).first.map(String.init) ?? ""
        let prefix = "# yaml-language-server: $schema="
        guard first.hasPrefix(prefix) else { return nil }
        return URL(fileURLWithPath: String(first.dropFirst(prefix.count)), relativeTo: file.deletingLastPathComponent()).standardizedFileURL
    }

    /// How yaml-language-server matches a `yaml.schemas` glob: `*` becomes `.*` (it crosses
    /// folders) and the pattern must match the end of the file's path.
    static func languageServerMatches(_ glob: String, _ path: String) -> Bool {
        var pattern = ""
        for character in glob {
            if character == "*" { pattern += ".*" } else { pattern += NSRegularExpression.escapedPattern(for: String(character)) }
        }
        return path.range(of: pattern + "$", options: .regularExpression) != nil
    }

    /// Every file under `root`, relative to it, without .brazeform/.
    static func files(under root: URL) -> [String] {
        let enumerator = FileManager.default.enumerator(at: root, includingPropertiesForKeys: [.isRegularFileKey])
        var result: [String] = []
        while let url = enumerator?.nextObject() as? URL {
            let relative = String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
            if relative.hasPrefix(".brazeform") { continue }
            if (try? url.resourceValues(forKeys: [.isRegularFileKey]).isRegularFile) == true { result.append(relative) }
        }
        return result.sorted()
    }

    /// Checks a project brazeform wrote: schemas, modelines that resolve, and a mapping that
    /// gives each manifest its kind's schema and matches no other file.
    static func checkEditorSupport(in dir: URL, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for name in try committedSchemaNames() {
            let written = try Data(contentsOf: dir.appendingPathComponent("schema/\(name)"))
            #expect(written == (try committed(name)), "schema/\(name)", sourceLocation: sourceLocation)
        }
        let settings = try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(".vscode/settings.json"))) as? [String: Any]
        let mapping = try #require(settings?["yaml.schemas"] as? [String: String], sourceLocation: sourceLocation)
        #expect(!mapping.values.contains { $0.contains("**") }, "\(mapping)", sourceLocation: sourceLocation)
        for schema in mapping.keys {
            #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent(schema).path), "\(schema)", sourceLocation: sourceLocation)
        }
        let files = files(under: dir)
        var manifests = 0
        for relative in files {
            let url = dir.appendingPathComponent(relative)
            let matching = mapping.filter { languageServerMatches($0.value, url.path) }.map(\.key)
            let text = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            let kind = text.split(separator: "\n").first { $0.hasPrefix("kind: ") }.map { String($0.dropFirst(6)) }
            if relative == "brazeform.yaml" || (relative.hasSuffix(".yaml") && kind != nil) {
                let expected = kind.map { "\($0).schema.json" } ?? "brazeform.schema.json"
                let schema = try modelineSchema(of: url)
                #expect(schema?.path == dir.appendingPathComponent("schema/\(expected)").standardizedFileURL.path,
                        "\(relative)'s modeline names \(schema?.path ?? "nothing"), not schema/\(expected)", sourceLocation: sourceLocation)
                // Catalogs share their folder with their items files, so only their modeline names their schema.
                let mapped = kind == "catalog" ? [] : ["./schema/\(expected)"]
                #expect(matching == mapped, "\(relative) is mapped to \(matching)", sourceLocation: sourceLocation)
                if relative != "brazeform.yaml" { manifests += 1 }
            } else {
                #expect(matching.isEmpty, "\(relative), not a manifest, is mapped to \(matching)", sourceLocation: sourceLocation)
            }
        }
        #expect(manifests > 0, "\(files)", sourceLocation: sourceLocation)
    }

    @Test func initWritesSchemasModelinesThatResolveAndAMappingOfManifestsOnly() async throws {
        let dir = temporaryFolder("init-editor")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await runCLI(["init", "-C", dir.path])
        #expect(result.status == 0, "\(result.transcript)")
        #expect(result.stdout.contains("Created schema/ (7 JSON Schemas"), "\(result.stdout)")
        #expect(result.stdout.contains("Created .vscode/settings.json"), "\(result.stdout)")
        try Self.checkEditorSupport(in: dir)
        #expect(try Self.modelineSchema(of: dir.appendingPathComponent("braze/content_block/example_footer.yaml"))?.lastPathComponent == "content_block.schema.json")

        // A catalog written by hand beside its YAML items file, where export puts items files:
        // the project validates, and the mapping reaches neither (the catalog has its modeline).
        try FileManager.default.createDirectory(at: dir.appendingPathComponent("braze/catalog"), withIntermediateDirectories: true)
        try "# yaml-language-server: $schema=../../schema/catalog.schema.json\nkind: catalog\nname: menu\ndescription: Menu\nfields: [{name: id, type: string}, {name: Title, type: string}]\nitems: {file: menu_items.yaml}\n"
            .write(to: dir.appendingPathComponent("braze/catalog/menu.yaml"), atomically: true, encoding: .utf8)
        try "- {id: soup, Title: Soup}\n".write(to: dir.appendingPathComponent("braze/catalog/menu_items.yaml"), atomically: true, encoding: .utf8)
        let validate = try await runCLI(["validate", "-C", dir.path])
        #expect(validate.status == 0, "\(validate.transcript)")
        #expect(validate.stdout.contains("2 resources"), "\(validate.stdout)")
        let mapping = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: dir.appendingPathComponent(".vscode/settings.json"))) as? [String: [String: String]])["yaml.schemas"]
        for file in ["braze/catalog/menu_items.yaml", "braze/catalog/menu.yaml"] {
            let matched = mapping?.filter { Self.languageServerMatches($0.value, dir.appendingPathComponent(file).path) }.map(\.key)
            #expect(matched == [], "\(file) is mapped to \(matched ?? [])")
        }
        // What a broad mapping would do: give the items file a manifest schema.
        #expect(Self.languageServerMatches("braze/**/*.yaml", dir.appendingPathComponent("braze/catalog/menu_items.yaml").path))
        #expect(Self.languageServerMatches("braze/catalog/*.yaml", dir.appendingPathComponent("braze/catalog/menu_items.yaml").path))
        try Self.checkEditorSupport(in: dir)
    }

    @Test func initKeepsAnExistingEditorSettingsFile() async throws {
        let dir = temporaryFolder("init-vscode")
        try FileManager.default.createDirectory(at: dir.appendingPathComponent(".vscode"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let mine = "{ // mine\n  \"editor.tabSize\": 2\n}\n"
        try mine.write(to: dir.appendingPathComponent(".vscode/settings.json"), atomically: true, encoding: .utf8)
        let result = try await runCLI(["init", "-C", dir.path])
        #expect(result.status == 0, "\(result.transcript)")
        #expect(try String(contentsOf: dir.appendingPathComponent(".vscode/settings.json"), encoding: .utf8) == mine)
        #expect(result.stdout.contains("Kept the existing .vscode/settings.json"), "\(result.stdout)")
        #expect(result.stdout.contains("\"./schema/content_block.schema.json\": \"braze/content_block/*.yaml\""), "the mapping to add by hand: \(result.stdout)")
    }

    @Test func initFromAnExistingWorkspaceAndExportWriteTheSameEditorSupport() async throws {
        let served = try await ServedWorkspace.start()
        await served.populate()
        let dir = temporaryFolder("init-existing-editor")
        defer { try? FileManager.default.removeItem(at: dir) }
        let result = try await runCLI(["init", "-C", dir.path, "--from-existing", served.endpoint, "--api-key-env", ServedWorkspace.keyVariable],
                                      environment: ServedWorkspace.environment)
        #expect(result.status == 0, "\(result.transcript)")
        try Self.checkEditorSupport(in: dir)
        #expect(FileManager.default.fileExists(atPath: dir.appendingPathComponent("braze/catalog/restaurants.csv").path))

        // Export into a project whose schemas are there already leaves them alone (no conflict, no overwrite).
        let older = "{\"title\": \"an older brazeform's schema\"}\n"
        try older.write(to: dir.appendingPathComponent("schema/catalog.schema.json"), atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(at: dir.appendingPathComponent("braze"))
        let export = try await runCLI(["export", "-C", dir.path], environment: ServedWorkspace.environment)
        #expect(export.status == 0, "\(export.transcript)")
        #expect(try String(contentsOf: dir.appendingPathComponent("schema/catalog.schema.json"), encoding: .utf8) == older)
        #expect(try Self.modelineSchema(of: dir.appendingPathComponent("braze/catalog/restaurants.yaml"))?.lastPathComponent == "catalog.schema.json")
        await served.server.stop()
    }
}

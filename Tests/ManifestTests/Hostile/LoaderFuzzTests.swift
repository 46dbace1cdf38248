import Foundation
import Testing
import TestSupport
@testable import Manifest


/// Seeded mutation fuzzing of the project-file loader and the item readers
/// (CSV, JSON, JSON Lines, YAML): every input must end in a result, never a crash
/// or a hang, and every rejection must come with a diagnostic.
@Suite struct LoaderFuzzTests {
    static let fragments: [String] = ["[", "]", "{", "}", ":", ",", "\"", "'", "\n", "\r\n", "\t", " ", "-", "&a ", "*a", "<<: ",
                                      "---\n", "#", "\\", "\u{FEFF}", "é", "\u{0}", "99999999999999999999", "-1", "1e400", "NaN",
                                      "null", "true", "((var.x))", "{file: x}", "..", "/", "kind", "id", "\u{2028}"]

    static func mutate(_ text: String, using rng: inout SeededRandom) -> [UInt8] {
        var bytes = Array(text.utf8)
        for _ in 0..<Int.random(in: 1...6, using: &rng) {
            let at = bytes.isEmpty ? 0 : Int.random(in: 0...bytes.count, using: &rng)
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: bytes.insert(contentsOf: Array(fragments.randomElement(using: &rng)!.utf8), at: at)
            case 1: if at < bytes.count { bytes.remove(at: at) }
            case 2: if at < bytes.count { bytes[at] = UInt8.random(in: 0...255, using: &rng) }
            default:
                if !bytes.isEmpty {
                    let from = Int.random(in: 0..<bytes.count, using: &rng)
                    let length = Int.random(in: 0...min(16, bytes.count - from), using: &rng)
                    bytes.insert(contentsOf: bytes[from..<(from + length)], at: at)
                }
            }
        }
        return bytes
    }

    static let projectFile = """
    version: 1
    manifests: [m]
    default_workspace: sandbox
    prune: false
    workspaces:
      sandbox: {sandbox: true, vars: {x: "1"}}
      prod: {endpoint: "https://rest.iad-01.braze.com:443", api_key_env: KEY}
    ignore: {content_block: ["tmp_*"]}

    """

    @Test(arguments: 0..<4)
    func mutatedProjectFilesNeverCrashAndEveryRejectionSaysWhy(batch: UInt64) throws {
        var rng = SeededRandom(seed: 0xB0A7_F0E4 &+ batch)
        let p = try TestProject(files: ["m/a.yaml": "kind: content_block\nname: a\ncontent: x\n"])
        for round in 0..<60 {
            let bytes = Self.mutate(Self.projectFile, using: &rng)
            try p.write("brazeform.yaml", Data(bytes))
            let result = p.load(all: true)
            if result.project == nil {
                #expect(result.diagnostics.hasErrors, "batch \(batch) round \(round): rejected without an error: \(String(decoding: bytes, as: UTF8.self))")
            }
            #expect(result.diagnostics.all.allSatisfy { !$0.message.isEmpty })
        }
    }

    static let itemSamples: [(CatalogItemFormat, String)] = [
        (.csv, "id,Name,Price,Live,When\na,Alpha,1.5,true,2026-01-01T00:00:00Z\nb,\"B, quoted\",2,false,\n"),
        (.json, "[{\"id\": \"a\", \"Name\": \"Alpha\", \"Price\": 1.5, \"Live\": true, \"When\": null}, {\"id\": \"b\", \"Name\": null, \"Price\": 2, \"Live\": false, \"When\": \"2026-01-01T00:00:00Z\"}]"),
        (.jsonl, "{\"id\": \"a\", \"Name\": \"Alpha\", \"Price\": 1.5, \"Live\": true, \"When\": null}\n{\"id\": \"b\", \"Name\": \"B\", \"Price\": null, \"Live\": false, \"When\": null}\n"),
        (.yaml, "- {id: a, Name: Alpha, Price: 1.5, Live: true, When: null}\n- id: b\n  Name: &n Beta\n  Price: 2\n  Live: false\n  When: null\n- {id: c, Name: *n, Price: 3, Live: true, When: '2026-01-01T00:00:00Z'}\n"),
    ]

    static let fields = [
        CatalogField(name: "id", type: .string), CatalogField(name: "Name", type: .string),
        CatalogField(name: "Price", type: .number), CatalogField(name: "Live", type: .boolean), CatalogField(name: "When", type: .time),
    ]

    @Test(arguments: 0..<4)
    func mutatedItemFilesNeverCrashAndEveryRejectionSaysWhy(formatIndex: Int) {
        let (format, sample) = Self.itemSamples[formatIndex]
        var rng = SeededRandom(seed: 0x17E4_5EED &+ UInt64(formatIndex))
        let reader = CatalogItemReader(fields: Self.fields)
        let good = reader.read(bytes: Array(sample.utf8), format: format, displayPath: "items.\(format.rawValue)")
        #expect(!good.diagnostics.contains { $0.severity == .error }, "\(good.diagnostics)")
        #expect(good.items.count >= 2)
        for round in 0..<400 {
            let bytes = Self.mutate(sample, using: &rng)
            let result = reader.read(bytes: bytes, format: format, displayPath: "items.\(format.rawValue)")
            let errors = result.diagnostics.filter { $0.severity == .error }
            // Fewer items than the sample holds, with no error and no warning, would be a silent rejection.
            if result.items.isEmpty && result.diagnostics.isEmpty {
                let text = String(decoding: bytes, as: UTF8.self)
                let blank = text.allSatisfy { $0.isWhitespace || $0 == "\u{FEFF}" }
                #expect(blank || format == .yaml || format == .csv, "\(format) round \(round): no items and no word: \(text.debugDescription)")
            }
            #expect(errors.allSatisfy { $0.location != nil && !$0.message.isEmpty }, "\(format) round \(round)")
        }
    }
}

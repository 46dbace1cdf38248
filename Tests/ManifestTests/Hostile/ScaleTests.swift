import Foundation
import Testing
import YAML
@testable import Manifest

/// Issue 12, finding 7: quadratic time. Each input here took minutes before the fix;
/// the bounds are loose (debug build, a shared machine) but far below quadratic.
@Suite struct ScaleTests {
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        let start = Date()
        try body()
        return Date().timeIntervalSince(start)
    }

    @Test func aLongDependencyChainIsOrderedInLinearTime() {
        let n = 20_000
        let nodes = (0..<n).map { ResourceAddress(.contentBlock, String(format: "b%05d", $0)) }
        var references: [ResourceAddress: [ResourceReference]] = [:]
        let here = YAML.SourceLocation(file: "m.yaml", line: 1, column: 1)
        for i in 1..<n { references[nodes[i]] = [ResourceReference(target: nodes[i - 1], location: here, field: "content")] }
        let graph = DependencyGraph(nodes: nodes.reversed(), references: references)
        var order: [ResourceAddress] = []
        var cycles: [[ResourceAddress]] = [[]]
        let t = Self.seconds {
            cycles = graph.cycles()
            order = graph.topologicalOrder()
        }
        #expect(cycles.isEmpty)
        #expect(order == nodes)
        #expect(t < 20, "\(t) s for a chain of \(n)")
    }

    @Test func aCycleIsStillFoundAndOrderedLast() {
        let a = ResourceAddress(.contentBlock, "a"), b = ResourceAddress(.contentBlock, "b"), c = ResourceAddress(.contentBlock, "c")
        let here = YAML.SourceLocation(file: "m.yaml", line: 1, column: 1)
        let graph = DependencyGraph(nodes: [a, b, c], references: [
            a: [ResourceReference(target: b, location: here, field: "content")],
            b: [ResourceReference(target: a, location: here, field: "content")],
        ])
        #expect(graph.cycles().count == 1)
        #expect(graph.topologicalOrder() == [c, a, b])
    }

    @Test func twentyThousandYAMLItemsReadInLinearTime() throws {
        let text = (0..<20_000).map { "- {id: item-\($0), Name: \"Name \($0)\", Price: \($0).5}\n" }.joined()
        var documents: [YAMLDocument] = []
        let t = try Self.seconds { documents = try YAMLReader().read(text) }
        #expect(documents.first?.root?.sequence?.count == 20_000)
        #expect(t < 20, "\(t) s")
    }

    @Test func aHundredThousandAliasesReadInLinearTime() throws {
        let text = "- &base {id: item-0, Name: shared, Price: 1.5}\n" + (1..<100_000).map { _ in "- *base\n" }.joined()
        var documents: [YAMLDocument] = []
        let t = try Self.seconds { documents = try YAMLReader().read(text) }
        #expect(documents.first?.root?.sequence?.count == 100_000)
        #expect(t < 30, "\(t) s")
    }

    @Test func aliasesThatMultiplyLongStringsAreRefusedByExpandedBytes() throws {
        // Few nodes (well under the node limit), many bytes: 1 MiB × 2^10 = 1 GiB once expanded.
        var text = "a: &a \"\(String(repeating: "x", count: 1 << 20))\"\n"
        var previous = "a"
        for level in 0..<10 {
            let name = "l\(level)"
            text += "\(name): &\(name) [*\(previous), *\(previous)]\n"
            previous = name
        }
        #expect(throws: YAMLError.self) { _ = try YAMLReader().read(text) }
        do { _ = try YAMLReader().read(text) } catch let error as YAMLError {
            #expect(error.message.contains("MiB"), "\(error.message)")
        }
    }

    @Test func twentyThousandDocumentsInOneFileLoad() throws {
        let docs = (0..<20_000).map { "kind: content_block\nname: b\($0)\ncontent: x\n" }.joined(separator: "---\n")
        let p = try TestProject(files: ["brazeform.yaml": "version: 1\nmanifests: [m]\nworkspaces:\n  sandbox: {sandbox: true}\n", "m/a.yaml": docs])
        var result: ProjectLoadResult?
        let t = Self.seconds { result = p.load() }
        #expect(result?.project?.resources.count == 20_000, "\(result?.lines.prefix(3) ?? [])")
        #expect(t < 60, "\(t) s")
    }
}

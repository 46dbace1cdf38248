// TEMPORARY: replaced by the real readers from the `items` branch at merge.
import YAMLReader

public enum CatalogItemFormat { case csv, json, jsonl, yaml }

public struct CatalogItemReader {
    let fields: [CatalogField]
    public init(fields: [CatalogField]) { self.fields = fields }
    public func read(fileAt path: String, displayPath: String) -> (items: [CatalogItem], diagnostics: [Diagnostic]) {
        ([], [.error("item files are not read yet", at: SourceLocation(file: displayPath, line: 1, column: 1))])
    }
    public func read(inline node: Node) -> (items: [CatalogItem], diagnostics: [Diagnostic]) {
        var items: [CatalogItem] = []
        for n in node.sequence ?? [] {
            guard let id = n["id"]?.text else { continue }
            var values: [String: ItemValue] = [:]
            for p in n.mapping ?? [] where p.key.text != "id" { values[p.key.text ?? ""] = .string(p.value.text ?? "") }
            items.append(CatalogItem(id: id, values: values, location: n.location))
        }
        return (items, [])
    }
}

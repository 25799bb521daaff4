import CPython
import PythonHost

/// A Python module that a host app provides to client scripts: Swift functions, plus Python
/// source run in the module (classes built on those functions, say). Installed in
/// `sys.modules` before the first request, so scripts can `import` it; name it in
/// `ServerConfiguration.sceneModule` and sessions get it as `poser`, with `SCENE` bound to
/// its `Scene()`, in place of the stub. See docs/EMBEDDING.md.
public struct HostModule: Sendable {
    /// Called on the interpreter thread with the GIL held, with the positional arguments.
    /// Throwing raises the error in the calling script.
    public typealias Function = @Sendable (_ arguments: [PythonObject]) throws(PythonError) -> PythonObject

    public struct NamedFunction: Sendable {
        public var name: String
        public var doc: String
        public var body: Function

        public init(_ name: String, doc: String = "", _ body: @escaping Function) {
            self.name = name
            self.doc = doc
            self.body = body
        }
    }

    public var name: String
    public var functions: [NamedFunction]
    /// Python run in the module's namespace after the functions are set, so it can use them.
    public var source: String

    public init(name: String, functions: [NamedFunction] = [], source: String = "") {
        self.name = name
        self.functions = functions
        self.source = source
    }

    /// Interpreter thread: builds the module and puts it in `sys.modules`.
    func install(in interpreter: PythonInterpreter) throws(PythonError) {
        let module = try PythonObject.checked(PyModule_New(name))
        for function in functions {
            let callable = try NativeFunction.make(
                name: function.name, doc: function.doc, body: function.body)
            try module.setAttribute(function.name, callable)
        }
        if !source.isEmpty {
            let namespace = try module.attribute("__dict__")
            let builtins = try interpreter.builtins()
            let code = try builtins.attribute("compile").call(
                .string(source), .string("<host module \(name)>"), .string("exec"))
            _ = try builtins.attribute("exec").call(code, namespace)

        }
        let modules = try interpreter.importModule("sys").attribute("modules")
        guard PyDict_SetItemString(modules.pointer, name, module.pointer) == 0 else {
            throw PythonError.fetch()
        }
    }
}

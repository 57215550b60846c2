// The few WebAssembly JS API declarations the backend uses. The project compiles with
// lib ES2022 and Node types only (no DOM lib), which do not declare WebAssembly.
declare namespace WebAssembly {
  interface MemoryDescriptor {
    initial: number;
    maximum?: number;
    shared?: boolean;
  }
  class Memory {
    constructor(descriptor: MemoryDescriptor);
    readonly buffer: ArrayBufferLike;
    grow(deltaPages: number): number;
  }
  class Module {
    constructor(bytes: ArrayBufferView | ArrayBuffer);
  }
  type ExportValue = ((...args: never[]) => unknown) | Memory | object;
  type Exports = Record<string, ExportValue>;
  type Imports = Record<string, Record<string, unknown>>;
  class Instance {
    constructor(module: Module, imports?: Imports);
    readonly exports: Exports;
  }
  class RuntimeError extends Error {}
  function validate(bytes: ArrayBufferView | ArrayBuffer): boolean;
}

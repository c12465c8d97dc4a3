// jsdom has no TextEncoder, which typebox (under the DSL's schemas) needs when it loads. Component
// specs that render DSL-backed views import this first.
import { TextDecoder, TextEncoder } from 'node:util';

Object.assign(globalThis, { TextEncoder, TextDecoder });

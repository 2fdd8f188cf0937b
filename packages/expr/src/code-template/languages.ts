// What code templates need from each language: its lexer, its literals, and how it reads the environment.
import type { CodeValue } from './code-values.js';
import { type JsLiteral, lexJavaScript } from './javascript-lexer.js';
import {
  jsLiteralName,
  jsSecretInCode,
  jsSecretInLiteral,
  jsTextInLiteral,
  jsValueLiteral,
} from './javascript-literals.js';
import type { Place, Skeleton } from './lexer-base.js';
import { lexPython, type PythonCode, type PythonLiteral } from './python-lexer.js';
import {
  pythonLiteralName,
  pythonSecretInCode,
  pythonSecretInLiteral,
  pythonTextInLiteral,
  pythonValueLiteral,
} from './python-literals.js';
import { lexRuby, type RubyLiteral } from './ruby-lexer.js';
import {
  rubyLiteralName,
  rubySecretInCode,
  rubySecretInLiteral,
  rubyTextInLiteral,
  rubyValueLiteral,
} from './ruby-literals.js';

/** One language's lexer and literal writers. `Literal` and `Code` are what its lexer reports. */
export interface LanguageSupport<Literal, Code> {
  /** `Python`, `JavaScript`, `Ruby`: for messages. */
  name: string;
  lex(skeleton: Skeleton): Place<Literal, Code>[];
  /** `value` as a parenthesized literal in code. */
  valueLiteral(value: CodeValue, code: Code): string;
  /** `text` escaped (or otherwise written) for the inside of `literal`. */
  textInLiteral(text: string, literal: Literal): string;
  /** An expression reading the environment variable `envName`. */
  secretInCode(envName: string, code: Code): string;
  /** An interpolation reading `envName` inside `literal`, or undefined when the literal cannot interpolate. */
  secretInLiteral(envName: string, literal: Literal): string | undefined;
  literalName(literal: Literal): string;
  /** How the language reads an environment variable, for hints. */
  envRead(name: string): string;
}

/** Python 3 (3.11 rules inside f-string replacement fields). */
export const PYTHON: LanguageSupport<PythonLiteral, PythonCode> = {
  name: 'Python',
  lex: lexPython,
  valueLiteral: pythonValueLiteral,
  textInLiteral: pythonTextInLiteral,
  secretInCode: pythonSecretInCode,
  secretInLiteral: pythonSecretInLiteral,
  literalName: pythonLiteralName,
  envRead: (name) => `os.environ["${name}"]`,
};

/** JavaScript run by node. */
export const NODE: LanguageSupport<JsLiteral, null> = {
  name: 'JavaScript',
  lex: lexJavaScript,
  valueLiteral: jsValueLiteral,
  textInLiteral: jsTextInLiteral,
  secretInCode: jsSecretInCode,
  secretInLiteral: jsSecretInLiteral,
  literalName: jsLiteralName,
  envRead: (name) => `process.env["${name}"]`,
};

/** Ruby. */
export const RUBY: LanguageSupport<RubyLiteral, null> = {
  name: 'Ruby',
  lex: lexRuby,
  valueLiteral: rubyValueLiteral,
  textInLiteral: rubyTextInLiteral,
  secretInCode: rubySecretInCode,
  secretInLiteral: rubySecretInLiteral,
  literalName: rubyLiteralName,
  envRead: (name) => `ENV["${name}"]`,
};

"""Loaded by scripts/schemathesis.sh through SCHEMATHESIS_HOOKS.

CPython 3.11 before 3.11.8 raises "SystemError: AST constructor recursion depth mismatch" from
ast.parse when it runs deep in a stack (python/cpython gh-106905). Hypothesis calls ast.parse only
to describe a filter's lambda in a strategy's repr, and schemathesis's coverage phase then stops
with a runtime error. The description is cosmetic: fall back to a plain one.
"""
import hypothesis.internal.lambda_sources as lambda_sources

_describe = lambda_sources.lambda_description


def _lambda_description(f):
    try:
        return _describe(f)
    except SystemError:
        return "lambda"


lambda_sources.lambda_description = _lambda_description

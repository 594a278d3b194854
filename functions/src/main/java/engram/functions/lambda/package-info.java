/** The AWS Lambda entry point. Compiled only with funqy-amazon-lambda ({@code -Dlambda}). */
package engram.functions.lambda;

/**
 * The AWS Lambda entry point ({@link engram.functions.lambda.EngramLambdaHandler}) and the check that the exported
 * function is a registered one. Compiled only with funqy-amazon-lambda ({@code -Dlambda}).
 */
package engram.functions.lambda;

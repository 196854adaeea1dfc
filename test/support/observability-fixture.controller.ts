import { Body, Controller, Headers, Post } from '@nestjs/common';
import { SpanStatusCode, trace } from '@opentelemetry/api';
import { startObservation } from '@langfuse/tracing';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsNumber,
  IsOptional,
  IsString,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';

class FixtureSpanDto {
  @IsString() @MaxLength(100) name: string;
  @IsNumber() @Min(0) durationMs: number;
  @IsOptional() @IsString() model?: string;
  @IsOptional() @IsInt() inputTokens?: number;
  @IsOptional() @IsInt() outputTokens?: number;
  @IsOptional() @IsBoolean() cacheHit?: boolean;
  @IsOptional() @IsBoolean() error?: boolean;
}

class FixtureSpansDto {
  @IsArray() @ArrayMaxSize(500) @ValidateNested({ each: true }) @Type(() => FixtureSpanDto) spans: FixtureSpanDto[];
  @IsOptional() @IsString() sessionId?: string;
}

/**
 * Stands in for domain code in tests: creates spans the way libraries do (the plain
 * OpenTelemetry API and @langfuse/tracing, never libs/langfuse), inside the request.
 */
@Controller('api/v1/test-fixtures/tracing')
export class TracingFixtureController {
  /** Child spans with exactly the given durations (explicit start and end times). */
  @Post('spans')
  spans(@Body() body: FixtureSpansDto) {
    const tracer = trace.getTracer('fixture');
    const base = Date.now() - 10_000;
    for (const s of body.spans) {
      const span = tracer.startSpan(s.name, { startTime: base });
      if (s.model)
        span.setAttributes({
          'gen_ai.request.model': s.model,
          'gen_ai.operation.name': 'chat',
          'gen_ai.system': 'fixture',
        });
      if (s.inputTokens !== undefined) span.setAttribute('gen_ai.usage.input_tokens', s.inputTokens);
      if (s.outputTokens !== undefined) span.setAttribute('gen_ai.usage.output_tokens', s.outputTokens);
      if (s.cacheHit !== undefined) span.setAttribute('cache.hit', s.cacheHit);
      if (s.error) {
        span.recordException(new Error('model refused: quota'));
        span.setStatus({ code: SpanStatusCode.ERROR, message: 'model refused: quota' });
      }
      span.end(base + s.durationMs);
    }
    return { traceId: trace.getActiveSpan()?.spanContext().traceId ?? null };
  }

  /** A nested span with secrets in its attributes, and a Langfuse generation with a secret in its input. */
  @Post('secrets')
  secrets(@Headers('x-api-key') apiKey: string) {
    const tracer = trace.getTracer('fixture');
    return tracer.startActiveSpan('fixture.outer', (outer) => {
      outer.setAttributes({
        'app.api_key': 'fixture-secret-value-123',
        'customer.accountNumber': 'DE00123456789',
        'app.note': `caller sent ${apiKey}`,
        'app.upstream': 'sent Bearer abcdefgh-token-42',
      });
      const generation = startObservation(
        'fixture.generation',
        {
          model: 'fixture-model',
          input: { prompt: 'hello', apiKey: 'fixture-secret-value-123' },
          usageDetails: { input: 11, output: 7 },
        },
        { asType: 'generation' },
      );
      generation.update({ output: { text: 'hi' } }).end();
      outer.end();
      return { traceId: outer.spanContext().traceId };
    });
  }
}

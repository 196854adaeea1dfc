import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BaseErrorHandler } from '../../base/base-error-handler';
import { BaseLogger } from '../../base/base-logger';
import { BaseResponse } from '../../base/base-response';
import { writeErrorResponse } from './error-response';

/** The one global exception filter: every error becomes the documented error envelope. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(
    readonly errors: BaseErrorHandler,
    readonly response: BaseResponse,
    readonly logger: BaseLogger,
  ) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const http = host.switchToHttp();
    writeErrorResponse(exception, http.getRequest<Request>(), http.getResponse<Response>(), this);
  }
}

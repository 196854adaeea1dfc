import { Controller, Get, type INestApplication, StreamableFile } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import request from 'supertest';
import { CoreResponse } from './core-response';
import { EnvelopedExpressAdapter } from './enveloped-express-adapter';
import { RawResponse } from './raw-response.decorator';

@Controller('enveloped')
class EnvelopedController {
  @Get('value')
  value() {
    return { answer: 42 };
  }

  @Get('nothing')
  nothing(): void {}

  @Get('raw')
  @RawResponse()
  raw() {
    return { bare: true };
  }

  @Get('file')
  file() {
    return new StreamableFile(Buffer.from('plain bytes'));
  }
}

@Controller('raw-class')
@RawResponse()
class RawController {
  @Get()
  value() {
    return 'text as it is';
  }
}

async function appWith(envelope: boolean): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({ controllers: [EnvelopedController, RawController] }).compile();
  const adapter = new EnvelopedExpressAdapter();
  const app = moduleRef.createNestApplication(adapter, { logger: false });
  app.use((req: { id?: string }, _res: unknown, next: () => void) => {
    req.id = 'req-1';
    next();
  });
  if (envelope) adapter.envelopeWith(new CoreResponse());
  await app.init();
  return app;
}

describe('EnvelopedExpressAdapter', () => {
  let app: INestApplication;
  beforeAll(async () => (app = await appWith(true)));
  afterAll(() => app.close());

  it('wraps a handler’s result in the success envelope, with the request id', async () => {
    const res = await request(app.getHttpServer()).get('/enveloped/value').expect(200);
    expect(res.body).toEqual({
      success: true,
      data: { answer: 42 },
      meta: { requestId: 'req-1', timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) },
    });
  });

  it('sends nothing as data: null', async () => {
    const res = await request(app.getHttpServer()).get('/enveloped/nothing').expect(200);
    expect(res.body).toMatchObject({ success: true, data: null });
  });

  it('leaves routes marked @RawResponse() alone, on a handler or on its controller', async () => {
    expect((await request(app.getHttpServer()).get('/enveloped/raw').expect(200)).body).toEqual({ bare: true });
    expect((await request(app.getHttpServer()).get('/raw-class').expect(200)).text).toBe('text as it is');
  });

  it('streams a StreamableFile as it is', async () => {
    const res = await request(app.getHttpServer()).get('/enveloped/file').buffer(true).expect(200);
    expect(Buffer.from(res.body as Buffer).toString()).toBe('plain bytes');
  });

  it('sends results as they are until it is given the envelope', async () => {
    const plain = await appWith(false);
    try {
      expect((await request(plain.getHttpServer()).get('/enveloped/value').expect(200)).body).toEqual({ answer: 42 });
    } finally {
      await plain.close();
    }
  });
});

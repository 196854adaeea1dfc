import { Body, Delete, Get, HttpCode, Post, Put, Query } from '@nestjs/common';
import { ApiBody, ApiOperation } from '@nestjs/swagger';
import { AppError, CurrentPrincipal, RequireRole } from '@app/infrastructure';
import type { Principal } from '@app/infrastructure';
import { StoreService } from '@app/langgraph';
import { ApiErrors } from '../http/openapi.decorators';
import { NamespacesDto, StoreDeleteDto, StoreGetQueryDto, StorePutDto, StoreSearchDto } from './dto/store.dto';
import { ITEM_SCHEMA, presentItem } from './langgraph.presenter';
import { ApiRaw, LangGraphController } from './openapi';
import { NAMESPACES_EXAMPLES, STORE_DELETE_EXAMPLES, STORE_PUT_EXAMPLES, STORE_SEARCH_EXAMPLES } from './examples';

/** The long-term store: items graphs read and write with getStore(), per tenant, across threads. */
@LangGraphController('langgraph store', '/store')
export class StoreController {
  constructor(private readonly store: StoreService) {}

  @Put('items')
  @HttpCode(204)
  @ApiBody({ type: StorePutDto, examples: STORE_PUT_EXAMPLES })
  @ApiOperation({
    operationId: 'lgPutStoreItem',
    summary: 'Put an item (insert or replace)',
    description:
      'SDK: client.store.putItem. The same items graphs reach with getStore(); namespace labels cannot contain a period.',
  })
  @ApiRaw(204, 'Stored')
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async put(@Body() body: StorePutDto, @CurrentPrincipal() principal: Principal) {
    if (body.index !== undefined && body.index !== false && body.index !== null)
      throw AppError.validation([{ field: 'index', message: 'is not supported: the store has no embedding index' }]);
    if (body.ttl !== undefined && body.ttl !== null)
      throw AppError.validation([{ field: 'ttl', message: 'is not supported: items stay until deleted' }]);
    await this.store.put(principal.tenant, body.namespace, body.key, body.value);
  }

  @Get('items')
  @ApiOperation({
    operationId: 'lgGetStoreItem',
    summary: 'Get an item by namespace (labels joined with ".") and key',
    description: 'SDK: client.store.getItem. 404 when there is no such item in your tenant.',
  })
  @ApiRaw(200, 'The item', ITEM_SCHEMA)
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'NOT_FOUND', 'RATE_LIMITED')
  async get(@Query() query: StoreGetQueryDto, @CurrentPrincipal() principal: Principal) {
    return presentItem(await this.store.get(principal.tenant, query.namespace.split('.'), query.key));
  }

  @Delete('items')
  @HttpCode(204)
  @ApiBody({ type: StoreDeleteDto, examples: STORE_DELETE_EXAMPLES })
  @ApiOperation({
    operationId: 'lgDeleteStoreItem',
    summary: 'Delete an item (nothing happens if there is none)',
    description: 'SDK: client.store.deleteItem.',
  })
  @ApiRaw(204, 'Deleted')
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async delete(@Body() body: StoreDeleteDto, @CurrentPrincipal() principal: Principal) {
    await this.store.delete(principal.tenant, body.namespace, body.key);
  }

  @Post('items/search')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiBody({ type: StoreSearchDto, examples: STORE_SEARCH_EXAMPLES })
  @ApiOperation({
    operationId: 'lgSearchStoreItems',
    summary: 'Search items under a namespace prefix, by filter and query words',
    description:
      'filter: equality or $eq/$ne/$gt/$gte/$lt/$lte per field; query ranks by how many of its words an item holds.',
  })
  @ApiRaw(200, 'Items', {
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', items: ITEM_SCHEMA } },
  })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async search(@Body() body: StoreSearchDto, @CurrentPrincipal() principal: Principal) {
    const items = await this.store.search(principal.tenant, body.namespace_prefix ?? [], {
      filter: body.filter,
      limit: body.limit ?? 10,
      offset: body.offset ?? 0,
      query: body.query,
    });
    return { items: items.map((item) => presentItem(item)) };
  }

  @Post('namespaces')
  @HttpCode(200)
  @RequireRole('viewer')
  @ApiBody({ type: NamespacesDto, examples: NAMESPACES_EXAMPLES })
  @ApiOperation({
    operationId: 'lgListStoreNamespaces',
    summary: 'List namespaces by prefix, suffix and depth',
    description:
      'SDK: client.store.listNamespaces. prefix and suffix match whole labels (* matches any); max_depth cuts longer namespaces.',
  })
  @ApiRaw(200, 'Namespaces', {
    type: 'object',
    required: ['namespaces'],
    properties: {
      namespaces: {
        type: 'array',
        items: { type: 'array', items: { type: 'string' } },
        example: [['portfolio', 'fx']],
      },
    },
  })
  @ApiErrors('VALIDATION_FAILED', 'UNAUTHORIZED', 'FORBIDDEN', 'RATE_LIMITED')
  async namespaces(@Body() body: NamespacesDto, @CurrentPrincipal() principal: Principal) {
    return {
      namespaces: await this.store.namespaces(principal.tenant, {
        prefix: body.prefix,
        suffix: body.suffix,
        maxDepth: body.max_depth,
        limit: body.limit ?? 100,
        offset: body.offset ?? 0,
      }),
    };
  }
}

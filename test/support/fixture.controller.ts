import { Body, Controller, Get, Post } from '@nestjs/common';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsNumber, IsString, MaxLength, ValidateNested } from 'class-validator';

class PointDto {
  @IsNumber({ allowInfinity: false, allowNaN: false }) x: number;
  @IsNumber({ allowInfinity: false, allowNaN: false }) y: number;
}

export class EchoDto {
  @IsString() @MaxLength(20) name: string;
  @IsArray() @ArrayMaxSize(5) @ValidateNested({ each: true }) @Type(() => PointDto) points: PointDto[];
}

/** Test-only routes mounted on the real app to exercise the error pipeline. */
@Controller('api/v1/test-fixtures')
export class FixtureController {
  @Post('echo')
  echo(@Body() body: EchoDto) {
    return body;
  }

  @Get('boom')
  boom(): never {
    const err = new Error('database password=hunter2 leaked in message');
    throw err;
  }
}

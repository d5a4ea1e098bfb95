import { canonicalJson } from '../../../stacks/constructs/json-attribute';
import { definitionOf, resourcesOf, stackOf, synth } from '../../helpers';

describe('canonicalJson', () => {
  it('GIVEN a document THEN it is written as Terraform 1.11 jsonencode() writes it: keys sorted, <, >, & and U+2028 escaped', () => {
    const document = { b: 1, a: { d: [3, { z: 1, y: 'a -> b & <c>\u2028' }], c: null }, Zed: true, aa: 1.5, big: 31622400 };
    // `terraform console`: jsonencode({b=1, a={d=[3,{z=1,y="a -> b & <c>\u2028"}], c=null}, "Zed"=true, "aa"=1.5, big=31622400})
    expect(canonicalJson(document)).toBe('{"Zed":true,"a":{"c":null,"d":[3,{"y":"a -\\u003e b \\u0026 \\u003cc\\u003e\\u2028","z":1}]},"aa":1.5,"b":1,"big":31622400}');
    expect(JSON.parse(canonicalJson(document))).toEqual(document);
  });

  it('GIVEN lists THEN their order is kept', () => {
    expect(canonicalJson([{ b: 2, a: 1 }, 'z', 'a'])).toBe('[{"a":1,"b":2},"z","a"]');
  });
});

describe('JSON documents in the JSON output', () => {
  it('GIVEN the state machine definition THEN it is the canonical form of the document, as the HCL output would give it', () => {
    const [machine] = resourcesOf(synth(stackOf()), 'aws_sfn_state_machine');
    const text = String(machine.definition);
    expect(text).toBe(canonicalJson(definitionOf(machine)));
  });
});

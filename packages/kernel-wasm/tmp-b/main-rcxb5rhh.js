// @bun
class i extends Error{option;name="GenerateOptionError";constructor(e,r){super(r);this.option=e}}class o extends Error{kind;sent;name="GenerateProduceError";constructor(e,r,t,n){super(r,n);this.kind=e;this.sent=t}}
export{i,o};

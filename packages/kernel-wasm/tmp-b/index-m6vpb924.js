// @bun
import{y,_,p,A}from"./main-tzpqq9sb.js";import{g}from"./main-6gjn2mgh.js";import{o}from"./main-rcxb5rhh.js";export{o as GenerateProduceError,A as findKind,_ as generateRecords,p as kindNames,y as resolveOptions,g as sendInBatches};

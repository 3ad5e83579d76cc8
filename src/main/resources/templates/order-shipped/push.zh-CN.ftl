<#-- first line: notification title; the rest: its body -->
订单已发货
${carrier} 运单号 ${trackingNumber}

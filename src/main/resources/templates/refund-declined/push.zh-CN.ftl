<#-- first line: notification title; the rest: its body -->
退款未通过
订单 ${orderId} 的退款申请未通过

【ordercast】您的订单${orderId}已退款<#if refundAmount?has_content>${refundAmount}</#if>。
